"""Code loaded into the Rasa server process: SafetyPolicy, NLG, channels, tracker and
lock stores, and the few changes to Rasa itself (``rasa_ext.patches``).

Importing this package does nothing by itself. The Rasa server is started with
``python -m rasa_ext run ...`` (same arguments as ``rasa run``), which applies
``rasa_ext.patches`` explicitly and checks that a multi-process set-up is safe.
"""
