"""Custom actions for the rasa-sdk action server (one module per concern).

The SDK imports every module of this package, so no registration list is needed.
The decisions themselves live in ``clinical/`` as plain functions; these actions only
read the tracker, call them, and turn the result into events and messages.
"""
