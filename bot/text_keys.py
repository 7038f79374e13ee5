"""The text id for each value shown to people: every id is written out, none is built.

Tools that list the ids in use (gettext extraction, the catalog checks) only see string
literals, so a value's text is looked up here instead of being put together at run time.
tests/test_text_keys.py checks that every value has an id and every id is in the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.alerts.audience import AudienceKind
from storage.meeting_models import MeetingStatus, Rsvp
from storage.models import AlertStatus, PersonStatus, Role
from storage.signal_models import EntryKind, Urgency
from storage.workgroup_models import SeatState, WorkgroupStatus

ROLE: Mapping[Role, str] = MappingProxyType(
    {
        Role.KEY_PERSON: "role_key_person",
        Role.BACKGROUND_CONTACT: "role_background_contact",
        Role.COORDINATOR: "role_coordinator",
    }
)

PERSON_STATUS: Mapping[PersonStatus, str] = MappingProxyType(
    {
        PersonStatus.INVITED: "status_invited",
        PersonStatus.ACTIVE: "status_active",
        PersonStatus.PAUSED: "status_paused",
        PersonStatus.LEFT: "status_left",
    }
)

ALERT_STATE: Mapping[AlertStatus, str] = MappingProxyType(
    {
        AlertStatus.DRAFT: "alert_state_draft",
        AlertStatus.QUEUED: "alert_state_queued",
        AlertStatus.SENT: "alert_state_sent",
        AlertStatus.CANCELLED: "alert_state_cancelled",
        AlertStatus.RETRACTED: "alert_state_retracted",
    }
)

# bot.alerts.compose.SOUNDS: how an alert rings.
ALERT_SOUND: Mapping[str, str] = MappingProxyType(
    {
        "normal": "alert_sound_normal",
        "urgent": "alert_sound_urgent",
        "silent": "alert_sound_silent",
    }
)

# The audiences a coordinator chooses; AudienceKind.COORDINATORS (the bot's own notes) is
# never chosen nor described, so it has no text.
ALERT_AUDIENCE: Mapping[AudienceKind, str] = MappingProxyType(
    {
        AudienceKind.ALL: "alert_audience_all",
        AudienceKind.WIJK: "alert_audience_wijk",
        AudienceKind.THEME: "alert_audience_theme",
        AudienceKind.TAG: "alert_audience_tag",
        AudienceKind.PEOPLE: "alert_audience_people",
    }
)

BTN_AUDIENCE: Mapping[AudienceKind, str] = MappingProxyType(
    {
        AudienceKind.ALL: "btn_audience_all",
        AudienceKind.WIJK: "btn_audience_wijk",
        AudienceKind.THEME: "btn_audience_theme",
        AudienceKind.TAG: "btn_audience_tag",
        AudienceKind.PEOPLE: "btn_audience_people",
    }
)

SIGNAL_URGENCY: Mapping[Urgency, str] = MappingProxyType(
    {
        Urgency.NORMAL: "signal_urgency_normal",
        Urgency.URGENT: "signal_urgency_urgent",
    }
)

SIGNAL_KIND: Mapping[EntryKind, str] = MappingProxyType(
    {
        EntryKind.TEXT: "signal_kind_text",
        EntryKind.PHOTO: "signal_kind_photo",
        EntryKind.DOCUMENT: "signal_kind_document",
        EntryKind.VOICE: "signal_kind_voice",
        EntryKind.LOCATION: "signal_kind_location",
    }
)

BTN_RSVP: Mapping[Rsvp, str] = MappingProxyType(
    {
        Rsvp.YES: "btn_rsvp_yes",
        Rsvp.MAYBE: "btn_rsvp_maybe",
        Rsvp.NO: "btn_rsvp_no",
    }
)

MEETING_RSVP: Mapping[Rsvp, str] = MappingProxyType(
    {
        Rsvp.YES: "meeting_rsvp_yes",
        Rsvp.MAYBE: "meeting_rsvp_maybe",
        Rsvp.NO: "meeting_rsvp_no",
    }
)

MEETING_STATE: Mapping[MeetingStatus, str] = MappingProxyType(
    {
        MeetingStatus.DRAFT: "meeting_state_draft",
        MeetingStatus.PLANNED: "meeting_state_planned",
        MeetingStatus.CANCELLED: "meeting_state_cancelled",
    }
)

# bot.meetings.when.REASONS: why a typed time was refused (WhenError.reason).
WHEN_ERROR: Mapping[str, str] = MappingProxyType(
    {
        "format": "meeting_when_format",
        "past": "meeting_when_past",
        "nonexistent": "meeting_when_nonexistent",
        "end_before_start": "meeting_when_end_before_start",
        "too_long": "meeting_when_too_long",
        "rrule": "meeting_when_rrule",
        "rrule_long": "meeting_when_rrule_long",
        "rrule_never": "meeting_when_rrule_never",
    }
)

WORKGROUP_STATE: Mapping[WorkgroupStatus, str] = MappingProxyType(
    {
        WorkgroupStatus.DRAFT: "workgroup_state_draft",
        WorkgroupStatus.WAITING: "workgroup_state_waiting",
        WorkgroupStatus.ACTIVE: "workgroup_state_active",
        WorkgroupStatus.CLOSING: "workgroup_state_closing",
        WorkgroupStatus.CLOSED: "workgroup_state_closed",
    }
)

WORKGROUP_SEAT: Mapping[SeatState, str] = MappingProxyType(
    {
        SeatState.INVITED: "workgroup_seat_invited",
        SeatState.JOINED: "workgroup_seat_joined",
        SeatState.LEAVING: "workgroup_seat_leaving",
        SeatState.GONE: "workgroup_seat_gone",
    }
)

# bot.workgroups.service.NEEDED_RIGHTS: an administrator right the bot lacks in a group.
ADMIN_RIGHT: Mapping[str, str] = MappingProxyType(
    {
        "can_invite_users": "right_can_invite_users",
        "can_restrict_members": "right_can_restrict_members",
        "can_delete_messages": "right_can_delete_messages",
        "can_pin_messages": "right_can_pin_messages",
    }
)

# The sections of a person's copy of their data (/mydata), by the name a feature exports.
MYDATA_SECTION: Mapping[str, str] = MappingProxyType(
    {
        "profile": "mydata_section_profile",
        "dialogue": "mydata_section_dialogue",
        "consents": "mydata_section_consents",
        "neighbourhoods": "mydata_section_neighbourhoods",
        "invitation": "mydata_section_invitation",
        "tags": "mydata_section_tags",
        "audit": "mydata_section_audit",
        "alerts_received": "mydata_section_alerts_received",
        "meetings_invited": "mydata_section_meetings_invited",
        "signals_reported": "mydata_section_signals_reported",
        "working_groups": "mydata_section_working_groups",
    }
)
