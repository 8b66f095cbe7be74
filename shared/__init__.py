"""The domain module that every function shares. No azure.functions imports below here."""
