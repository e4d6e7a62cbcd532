"""Staff review console for the baclofen triage assistant.

A Sanic web app that reads Rasa's SQL tracker store (table ``events``, read-only)
and keeps its own data (users, sessions, reviews, tags, notes, audit log) in
tables prefixed ``console_``. See docs/console.md.
"""
