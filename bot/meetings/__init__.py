"""Meetings: planning, invitations with calendar files, RSVP and reminders."""
