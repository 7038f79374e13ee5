"""English catalog. Values are Telegram HTML templates with the same keys as Dutch."""

MESSAGES: dict[str, str] = {
    # Strangers and invitations
    "stranger": (
        "Hello! This is the bot of <b>{network}</b>. Joining is by invitation only.\n"
        "Did you get an invitation? Then open the link in that invitation.\n"
        "Nothing about you has been stored."
    ),
    "left_member": (
        "You have left <b>{network}</b> and receive nothing any more.\n"
        "Want to join again? Ask the coordinator for a new invitation."
    ),
    "invite_unknown": (
        "This invitation link is not valid. Check that you opened the whole link, or ask the "
        "coordinator for a new one. Nothing about you has been stored."
    ),
    "invite_expired": (
        "This invitation link has expired. Ask the coordinator for a new one. "
        "Nothing about you has been stored."
    ),
    "invite_used": (
        "This invitation link has already been used. An invitation works for one person only. "
        "Ask the coordinator for your own invitation. Nothing about you has been stored."
    ),
    "already_member": (
        "You are already a member of <b>{network}</b>. Type /help to see what you can do."
    ),
    # Onboarding
    "welcome": (
        "Welcome, {name}! You have been invited to <b>{network}</b>.\n\n"
        "The network connects key persons from neighbourhoods and communities with the "
        "municipality's coordinator. Through this bot you can pass on signals, receive messages "
        "when something is going on, and invitations to meetings.\n\n"
        "<b>What the bot stores:</b> your name, your Telegram number, your language, your "
        "neighbourhood(s), your consents and what you send to the network yourself. Only the "
        "coordinator sees this. Other members do not see who is in the network.\n\n"
        "<b>Privacy notice (version {version})</b>\n{notice}"
    ),
    "btn_continue": "Continue",
    "btn_done": "Done",
    "consent_intro": (
        "<b>Consent</b>\n"
        "The network works per theme. You only receive messages about themes you consent to. "
        "Tap a theme to give your consent under the privacy notice (version {version}). You can "
        "withdraw it at any time with /stop."
    ),
    "btn_consent": "I take part: {theme}",
    "btn_consented": "✓ {theme}",
    "btn_chosen": "✓ {item}",
    "consent_recorded": "Consent recorded: {theme}",
    "consent_already": "You had already consented to: {theme}",
    "consent_needed": "Please consent to at least one theme first.",
    "wijk_intro": (
        "<b>Neighbourhood</b>\nIn which neighbourhood(s) are you active? Tap to switch on or off, "
        "then tap Done. No neighbourhood? Tap Done right away."
    ),
    "onboarding_done": (
        "You are now a member of <b>{network}</b>. Thank you!\nType /help to see what you can do."
    ),
    "finish_onboarding_first": (
        "Your registration is not finished yet. Please give your consent in the message above, "
        "or type /stop if you do not want to take part."
    ),
    # Help
    "help_member": (
        "<b>{network}</b>\n"
        "/help – this overview\n"
        "/privacy – what we keep about you, and the privacy notice\n"
        "/language – choose your language\n"
        "/stop – withdraw your consent and leave\n\n"
        "Questions about the network? Contact the coordinator."
    ),
    "help_coordinator": (
        "\n\n<b>For the coordinator</b>\n"
        "/invite Name – create an invitation link\n"
        "/people – list members (filter: wijk=…, theme=…, status=…, role=…)"
    ),
    "help_invited": (
        "Your registration is not finished. Type /start with your invitation link, or /stop."
    ),
    # Language
    "language_prompt": "Choose your language.",
    "language_set": "The language is now English.",
    # Privacy
    "privacy": (
        "<b>Privacy notice (version {version})</b>\n{notice}\n\n"
        "<b>What we keep about you</b>\n"
        "Name: {name}\nRole: {role}\nStatus: {status}\nLanguage: {language}\n"
        "Neighbourhood(s): {wijken}\nOrganisation: {organisation}\nMember since: {joined}\n"
        "Consents:\n{consents}\n\n"
        "Only the coordinator sees this data. Type /stop to withdraw your consent."
    ),
    "privacy_consent_line": "• {theme}: {state} on {date} (version {version})",
    "consent_granted": "given",
    "consent_withdrawn": "withdrawn",
    "none": "none",
    "not_yet": "not yet",
    # Stop
    "stop_confirm": (
        "Are you sure you want to stop? Your consent will be withdrawn and you will receive "
        "nothing more from the network."
    ),
    "btn_stop_yes": "Yes, stop",
    "btn_stop_no": "No, stay",
    "stopped": (
        "You have left and your consent is withdrawn. You will receive nothing more.\n"
        "Want to join again later? You will need a new invitation."
    ),
    "stop_cancelled": "Good, you stay a member.",
    # Generic answers
    "unknown_command": "I do not know that command. Type /help for an overview.",
    "not_understood": "I did not store your message: I only understand the commands in /help.",
    "text_only": "I can only handle text and commands here. Type /help for an overview.",
    "too_long": "Your message is too long ({length} characters, at most {limit}).",
    "stale_button": "This button no longer works.",
    "not_allowed": "Only the coordinator can do that.",
    "error_generic": "Something went wrong. Please try again later.",
    # Coordinator: invites
    "invite_usage": "Usage: /invite Name (for example /invite Fatima Yilmaz).",
    "invite_created": (
        "Invitation for <b>{name}</b> ({role}), valid until {expires}:\n{link}\n\n"
        "Send this link to {name} only. It works once."
    ),
    "invite_role_set": "The invitation for {name} is now for: {role}",
    "btn_make_role": "Make {role}",
    # Coordinator: people
    "people_header": "<b>Members found: {count}</b>{filters}",
    "people_line": "• {name} – {role}, {status}{wijken}{themes}",
    "people_none": "Nobody found{filters}.",
    "people_usage": (
        "Unknown filter: {problem}\n"
        "Usage: /people [wijk=Name] [theme=key] [status=active|invited|paused|left] "
        "[role=key_person|background_contact|coordinator]"
    ),
    # Roles and statuses
    "role_key_person": "key person",
    "role_background_contact": "background contact",
    "role_coordinator": "coordinator",
    "status_invited": "invited",
    "status_active": "active",
    "status_paused": "paused",
    "status_left": "left",
    # Alerts: errors
    "alert_text_empty": "A message without text cannot be sent. Please send the text.",
    "alert_text_too_long": (
        "The text is {length} characters long; at most {limit} fit in one message. "
        "Please shorten it and send it again."
    ),
    "alert_audience_empty": (
        "Nobody matches this choice (active, with consent). Nothing was sent. Choose another group."
    ),
    "alert_not_draft": "Message #{number} was already confirmed, stopped or retracted.",
    "alert_unknown": "There is no message #{number}.",
    # Alerts: what recipients see
    "alert_header": "📢 <b>Message from {network}</b> (#{number})",
    "alert_header_urgent": "🚨 <b>Urgent message from {network}</b> (#{number})",
    "alert_shareable": "May be shared with your community. Tap the text to copy it:",
    "alert_internal": "🔒 For you only – do not forward.",
    "btn_ack_received": "✅ Received",
    "btn_ack_passed": "📣 Passed on",
    "btn_ack_question": "❓ Question",
    "alert_reminder": (
        "⏰ Reminder: please let us know you received message #{number} from {network}. "
        "Tap a button."
    ),
    # Alerts: the coordinator's live status
    "alert_status": (
        "📊 <b>Message #{number}</b> – {state}\n"
        "Recipients: {total}\n"
        "✅ sent {sent} · ⏳ waiting {pending}\n"
        "🚫 blocked {blocked} · ❔ not found {not_found} · ⚠️ failed {failed}\n"
        "⏭ skipped {skipped} · ✋ stopped {cancelled}\n"
        "👍 received {acked} · 📣 passed on {passed_on} · ❓ questions {questions}"
    ),
    "alert_state_draft": "draft",
    "alert_state_queued": "sending",
    "alert_state_sent": "sent",
    "alert_state_cancelled": "stopped",
    "alert_state_retracted": "retracted",
    "btn_alert_unacked": "Who has not confirmed?",
    "btn_alert_cancel": "Stop sending",
    "btn_alert_edit": "Correct the text",
    "btn_alert_retract": "Retract",
    "alert_blocked_summary": (
        "Message #{number}: these people blocked the bot or deleted their account and will "
        "receive nothing more: {names}"
    ),
    "alert_reminders_sent": (
        "Message #{number}: {count} reminder(s) sent to those who did not confirm."
    ),
    # Date formats (strftime)
    "date_format": "%d %b %Y",
    "datetime_format": "%d %b %Y, %H:%M",
    # Errors to the admin chat
    "admin_error": "Error while handling update {update_id}: {error}. See the log.",
    # Command descriptions (the menu)
    "cmd_help": "Overview",
    "cmd_privacy": "What we keep",
    "cmd_language": "Choose language",
    "cmd_stop": "Leave the network",
    "cmd_invite": "Create an invitation",
    "cmd_people": "List members",
}
