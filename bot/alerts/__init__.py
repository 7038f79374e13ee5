"""The alert engine: composing, the durable outbox, delivery status and acknowledgements."""
