"""Working groups: temporary Telegram groups with personal invitations and a clean ending."""
