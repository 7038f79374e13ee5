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
    "invite_opened": (
        "The invitation for <b>{invited}</b> was opened by the Telegram account "
        "<b>{account}</b>. Not this person? Press the button: the account leaves the network at "
        "once and everything is erased."
    ),
    "btn_wrong_person": "🚫 Not this person: revoke",
    "invite_wrong_person_done": "Revoked: the account is out of the network and erased.",
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
        "/signal – report something to the coordinator (or just type your message)\n"
        "/privacy – what we keep about you, and the privacy notice\n"
        "/mydata – a file with everything we keep about you\n"
        "/language – choose your language\n"
        "/quiet 23:00-07:00 – quiet hours: ordinary messages arrive without sound\n"
        "/stop – withdraw your consent and leave\n\n"
        "Questions about the network? Contact the coordinator."
    ),
    "help_coordinator": (
        "\n\n<b>For the coordinator</b>\n"
        "/invite Name – create an invitation link\n"
        "/people – list members (filter: wijk=…, theme=…, status=…, role=…)\n"
        "/whois Name – one member's card: status, neighbourhoods, themes, last response\n"
        "/alert – compose a message to the network\n"
        "/alerts – recent messages; /alert 12 – status of message 12\n"
        "/templates – templates for recurring messages\n"
        "/signals – signals (open, mine, closed, theme=…, wijk=…); /signal 17 – one signal\n"
        "/trends – signals per theme and neighbourhood per month\n"
        "/meeting – plan a meeting; /meetings – upcoming meetings\n"
        "/news text – network news (silent, may be shared)\n"
        "/workgroup – start a temporary working group; /workgroups – running working groups"
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
        "Consents:\n{consents}\n"
        "Signals you sent: {signals} (kept until {retention} after closing)\n\n"
        "Only the coordinator sees this data. Everything we keep about you, including your "
        "signals and your answers to messages, comes as a file with /mydata. Type /stop to "
        "withdraw your consent."
    ),
    "privacy_erased": (
        "<b>Privacy notice (version {version})</b>\n{notice}\n\n"
        "<b>What we keep about you</b>\n"
        "You left and your data has been erased. We keep only the proof of your consents "
        "(theme, version of the privacy notice and times), under a pseudonym instead of your "
        "Telegram id, until {until}. Then that is erased too."
    ),
    "privacy_consent_line": "• {theme}: {state} on {date} (version {version})",
    "consent_granted": "given",
    "days": "{count} days",
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
    "error_unavailable": (
        "The bot cannot handle your message right now. Please try again in a few minutes."
    ),
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
    "people_range": " · {first}–{last}",
    "btn_people_prev": "◀ Previous",
    "btn_people_next": "Next ▶",
    "btn_people_file": "📄 Whole list as a file",
    "people_file": "The whole list: {count} people. Keep this file safe; it holds personal data.",
    "people_file_name": "people.csv",
    "people_file_columns": "name,Telegram account,role,status,neighbourhoods,themes",
    "people_none": "Nobody found{filters}.",
    "invite_import_done": (
        "<b>{count} invitations</b> in this file: one link per person, which works once. Send "
        "each link only to that person and delete the file afterwards. Skipped (already "
        "invited or a member), lines: {skipped}."
    ),
    "invite_import_refused": "<b>Nobody was invited.</b> Correct the file and send it again:",
    "invite_import_too_big": "That file is larger than {kb} kB; split it up.",
    "invite_import_file_name": "invitations.csv",
    "whois_usage": "Type /whois followed by (part of) a name, for example /whois Fatima.",
    "whois_none": "Nobody found with “{name}” in their name.",
    "whois_card": (
        "<b>{name}</b>\nRole: {role} · {status}\nNeighbourhood(s): {wijken}\nThemes: {themes}\n"
        "Last response: {last}"
    ),
    "whois_more": "And {count} more with that name: type more of the name.",
    "whois_nothing": "none",
    "whois_never": "never (no acknowledgement, RSVP or signal)",
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
    # Alerts: composing (coordinator)
    "alert_usage": "Usage: /alert to compose a message, or /alert 12 for the status of message 12.",
    "alert_compose_text": (
        "<b>New message #{number}</b>\n"
        "Send the text of the message, or forward a message. Write in {language}; you can add "
        "a text in another language afterwards. The text is sent as you type it (plain text)."
    ),
    "alert_text_saved": (
        "Text saved (languages: {languages}). Recipients get the text in their own language, "
        "otherwise in the default language. Add another language, or continue?"
    ),
    "btn_alert_add_language": "Add text: {language}",
    "alert_language_prompt": "Now send the text in this language: {language}.",
    "btn_cancel": "Cancel",
    "alert_draft_cancelled": "Draft deleted. Nothing was sent.",
    "alert_audience_prompt": (
        "<b>To whom?</b>\nOnly active members with consent receive the message; for a theme, "
        "only those who consented to that theme."
    ),
    "btn_audience_all": "Everyone",
    "btn_audience_wijk": "By neighbourhood",
    "btn_audience_theme": "By theme",
    "btn_audience_tag": "By tag",
    "btn_audience_people": "People",
    "alert_wijk_prompt": "Choose one or more neighbourhoods and tap Done.",
    "alert_theme_prompt": "Choose the theme. Only those who consented to it receive the message.",
    "alert_tag_prompt": "Choose one or more tags and tap Done.",
    "alert_no_tags": "There are no tags yet. Choose another group.",
    "alert_choose_one": "Choose at least one.",
    "alert_people_prompt": (
        "Type the names, separated by commas (for example: Fatima Yilmaz, Ali Bakker)."
    ),
    "alert_people_none": "Nobody found with these names: {names}. Type the names again.",
    "alert_people_found": "Recipients: {found}{missing}",
    "alert_people_missing": "\nNot found (or not active): {names}",
    "alert_options_prompt": "<b>Options</b>\nTap an option to change it. Then: send now or later.",
    "btn_opt_normal": "Sound: normal",
    "btn_opt_urgent": "🔔 Urgent",
    "btn_opt_silent": "🔕 Silent",
    "btn_opt_internal": "🔒 Internal – do not forward",
    "btn_opt_shareable": "📣 Shareable with the community",
    "btn_opt_remind_off": "Reminder if not confirmed: off",
    "btn_opt_remind": "Reminder if not confirmed: after {minutes} min",
    "btn_send_now": "Send now",
    "btn_send_later": "Later…",
    "alert_time_prompt": (
        "When should the message go out? Type a time ({timezone}), for example 19:30 (today, "
        "or tomorrow if it is already later), 28-11 19:30 or 2026-12-05 19:30."
    ),
    "alert_time_invalid": (
        "I do not understand that time. Examples: 19:30, 28-11 19:30 or 2026-12-05 19:30."
    ),
    "alert_time_past": (
        "{when} has already passed. Choose a time in the future, for example 19:30, "
        "28-11 19:30 or 2026-12-05 19:30."
    ),
    "alert_summary": (
        "<b>Preview above</b>: this is what the message looks like.\n"
        "Recipients: <b>{count}</b> ({audience})\n"
        "Sound: {sound}\nLabel: {label}\nReminder: {remind}\nSend: {when}\n"
        "Languages: {languages}\n\nNothing has been sent yet."
    ),
    "alert_audience_all": "everyone",
    "alert_audience_wijk": "neighbourhood: {values}",
    "alert_audience_theme": "theme: {values}",
    "alert_audience_tag": "tag: {values}",
    "alert_audience_people": "people: {values}",
    "alert_sound_normal": "normal (silent during someone's quiet hours)",
    "alert_sound_urgent": "urgent (always rings)",
    "alert_sound_silent": "silent",
    "alert_label_shareable": "shareable with the community",
    "alert_label_internal": "internal, do not forward",
    "alert_remind_off": "off",
    "alert_remind_after": "after {minutes} minutes",
    "alert_when_now": "now",
    "btn_alert_send": "✅ Send to {count} recipient(s)",
    "btn_alert_save_template": "Save as template",
    "alert_confirmed": "Message #{number} goes to {count} recipient(s).",
    "alert_scheduled": "Message #{number} will be sent at {when}.",
    "alert_template_name_prompt": "What is the template called? Type a short name.",
    "alert_template_saved": "Template saved: {name}",
    "templates_header": "<b>Templates</b>\nTap a template to start a new message with it.",
    "templates_none": "There are no templates yet. Save one from a message's preview (/alert).",
    "btn_template_use": "Use: {name}",
    "alert_from_template": "<b>New message #{number}</b> with the text of template: {name}",
    # Alerts: overview and managing (coordinator)
    "alerts_header": "<b>Recent messages</b>\n{lines}\n\nDetails and buttons: /alert number",
    "alerts_none": "There are no messages yet. Start one with /alert.",
    "alerts_line_draft": "• #{number} – draft, being composed by {name}",
    "alerts_line": (
        "• #{number} – {state} ({when}, by {name}): {sent}/{total} sent, {acked} confirmed"
    ),
    "alert_unacked": "Message #{number}: not confirmed yet ({count}): {names}",
    "alert_all_acked": "Message #{number}: everyone who received it has confirmed.",
    "alert_cancel_done": (
        "Sending message #{number} has stopped. {count} recipient(s) will not receive it."
    ),
    "alert_edit_prompt": (
        "Send the corrected text of message #{number} (in {language}). It replaces the text "
        "everywhere the message has arrived."
    ),
    "alert_edit_done": (
        "Text of message #{number} corrected. {count} sent message(s) will be updated."
    ),
    "alert_edit_stopped": "All right, the text of message #{number} stays as it is.",
    "alert_retract_confirm": (
        "Retract message #{number}? It is deleted for everyone who received it in the past "
        "48 hours, and whatever has not been sent yet will not go out."
    ),
    "btn_retract_yes": "Yes, retract",
    "btn_retract_no": "No",
    "alert_retract_kept": "All right, message #{number} stays.",
    "alert_retract_done": "Message #{number} is retracted. {count} message(s) will be deleted.",
    "alert_retract_too_old": (
        "Note: {count} message(s) of #{number} are older than 48 hours. Telegram no longer "
        "lets us delete those; tell those recipients yourself that the message no longer applies."
    ),
    # Alerts: feedback from recipients
    "alert_ack_thanks": "Thanks, noted.",
    "alert_question_prompt": (
        "Type your question about message #{number}. It goes only to the coordinator."
    ),
    "alert_question_entry": "❓ Question about message #{number}:",
    # Quiet hours
    "quiet_set": (
        "Your quiet hours: {hours}. Ordinary messages then arrive without sound; urgent "
        "messages always ring."
    ),
    "quiet_off": "Quiet hours are off. Messages always arrive with sound.",
    "quiet_show": "Your quiet hours: {hours}. Change: /quiet 23:00-07:00, switch off: /quiet off.",
    "quiet_none": "You have no quiet hours. Set them: /quiet 23:00-07:00",
    "quiet_usage": (
        "I do not understand that. Example: /quiet 23:00-07:00, or /quiet off to switch them off."
    ),
    # Date formats (strftime)
    "date_format": "%d %b %Y",
    "datetime_format": "%d %b %Y, %H:%M",
    # Errors to the admin chat
    "admin_error": "Error while handling update {update_id}: {error}. See the log.",
    "admin_error_more": (
        "Error while handling update {update_id}: {error}. See the log. Since the last report "
        "of this kind {more} more (one report per kind per 10 minutes)."
    ),
    # Command descriptions (the menu)
    "cmd_help": "Overview",
    "cmd_mydata": "My data as a file",
    "mydata_title": "Everything {network} keeps about you",
    "mydata_made": "Made on {when} (privacy notice version {version})",
    "mydata_section_profile": "Your details",
    "mydata_section_dialogue": "What your conversation with the bot is about",
    "mydata_section_consents": "Consents",
    "mydata_section_neighbourhoods": "Neighbourhoods",
    "mydata_section_invitation": "Your invitation",
    "mydata_section_tags": "Tags",
    "mydata_section_audit": "Log entries about you",
    "mydata_section_alerts_received": "Messages you received",
    "mydata_section_meetings_invited": "Meetings",
    "mydata_section_signals_reported": "Signals you sent",
    "mydata_section_working_groups": "Working groups",
    "mydata_yes": "yes",
    "mydata_no": "no",
    "mydata_nothing": "(nothing)",
    "mydata_caption": (
        "This is everything we keep about you: readable (.txt) and for a computer (.json). "
        "Keep it safe: whoever has the file can read it."
    ),
    "cmd_privacy": "What we keep",
    "cmd_language": "Choose language",
    "cmd_stop": "Leave the network",
    "cmd_invite": "Create an invitation",
    "cmd_people": "List members",
    "cmd_whois": "One member's card",
    "cmd_quiet": "Quiet hours",
    "cmd_alert": "Compose a message",
    "cmd_alerts": "Recent messages",
    "cmd_templates": "Templates",
    # Signals: reporting
    "cmd_signal": "Report a signal",
    "cmd_signals": "Signals",
    "cmd_trends": "Signal trends",
    "signal_prompt": (
        "Type what you want to report, or send a photo, file, voice note or location. "
        "Only the coordinators see it."
    ),
    "signal_not_allowed": "Only active members of the network can report signals.",
    "signal_unsupported": (
        "I cannot pass this kind of message on. Send text, a photo, a file, a voice note or a "
        "location. Nothing has been stored."
    ),
    "signal_form": (
        "📝 <b>New signal</b> (not sent yet)\n"
        "Theme: {theme}\n"
        "Urgency: {urgency}\n"
        "Neighbourhood: {wijk}\n"
        "Your name: {name}\n"
        "Messages: {parts}\n\n"
        "Change anything you like and press <b>Send</b>. Anything else you send is added. "
        "In {minutes} minutes it goes to the coordinator by itself."
    ),
    "signal_form_name_shown": "may be passed on to partners",
    "signal_form_name_hidden": "🙈 not passed on to partners",
    "signal_form_filed": "📨 Sent as signal #{number}.",
    "signal_urgency_normal": "normal",
    "signal_urgency_urgent": "‼️ urgent",
    "signal_no_theme": "no theme",
    "signal_no_wijk": "no neighbourhood",
    "btn_signal_normal": "Normal",
    "btn_signal_urgent": "‼️ Urgent",
    "btn_signal_wijk": "📍 Neighbourhood: {wijk}",
    "btn_signal_name_shown": "🙈 Don't pass my name on",
    "btn_signal_name_hidden": "👤 My name may be passed on",
    "btn_signal_send": "✅ Send",
    "btn_back": "⬅️ Back",
    "btn_signal_add": "➕ Add something to #{number}",
    "signal_sent": "Sent as signal #{number}.",
    "signal_cancelled": "Signal cancelled. Nothing has been kept.",
    "signal_receipt": (
        "✅ Your signal was received as <b>#{number}</b>. Only the coordinators see it; "
        "you will hear from us.\nAnything to add? Press the button or reply to this message."
    ),
    "signal_added": "➕ Added to your signal #{number}.",
    "signal_add_prompt": "Send what you want to add to signal #{number}.",
    "signal_status_draft": "Signal #{number} has not been sent yet.",
    "signal_status_open": "Signal #{number} was received and waits for the coordinator.",
    "signal_status_taken": "The coordinator is working on signal #{number}.",
    "signal_status_closed": "Signal #{number} is closed.",
    "signal_unknown": "There is no signal #{number} you can look at.",
    "signal_too_long": (
        "Your message is too long ({length} characters, at most {limit}). Split it over a few "
        "messages. Nothing has been stored."
    ),
    "signal_rate_limited": (
        "You have sent a lot in the past hour (at most {limit}). Please try again later, or "
        "call the coordinator if it is urgent. This message has not been stored."
    ),
    "signal_closed": "Signal #{number} is already closed.",
    "signal_taken_by_other": "Signal #{number} was already taken by {name}.",
    "signal_reply_to_reporter": (
        "💬 <b>Reply from the coordinator</b> about your signal #{number}:\n{text}"
    ),
    "signal_closed_to_reporter": "✅ Your signal #{number} is closed. Thank you!",
    "signal_closed_message": "Message from the coordinator:\n{text}",
    # Signals: the coordinators' side
    "signal_card": "📨 <b>Signal #{number}</b>",
    "signal_card_urgent": "🚨 <b>URGENT signal #{number}</b>",
    "signal_card_facts": "Theme: {theme} · Neighbourhood: {wijk}\nFrom: {name} · {when}",
    "signal_card_anonymous": "🙈 Do not pass the name on to partners",
    "signal_card_body": "\n{text}",
    "signal_card_attachments": "📎 {count} attachment(s) below",
    "signal_state_open": "Status: open",
    "signal_state_taken": "Status: taken by {name}",
    "signal_state_closed": "Status: closed by {name}",
    "signal_reporter_gone": "(reporter left)",
    "signal_entry_header": "➕ <b>#{number}</b> · {name}",
    "signal_caption_cut": "{text}\n(the whole text: /signal {number})",
    "signal_kind_text": "text",
    "signal_kind_photo": "photo",
    "signal_kind_document": "file",
    "signal_kind_voice": "voice note",
    "signal_kind_location": "location",
    "btn_signal_reply": "↩️ Reply",
    "btn_signal_take": "🙋 Take",
    "btn_signal_close": "✅ Close",
    "btn_signal_close_message": "✉️ Close with a message",
    "btn_signal_close_silent": "Close without a message of my own",
    "signal_reply_prompt": "Type your reply to signal #{number}; only the reporter gets it.",
    "signal_close_prompt": "Closing signal #{number}. Do you want to tell the reporter something?",
    "signal_outcome_prompt": "Type your message to the reporter; then #{number} is closed.",
    "signal_taken": "You took signal #{number}.",
    "signal_closed_done": "Signal #{number} is closed; the reporter has been told.",
    "signal_reply_text_only": (
        "Replies to signal #{number} can only be text. Type your reply; nothing has been sent."
    ),
    "signal_closed_unreachable": (
        "Signal #{number} is closed. The reporter can no longer be reached and gets no message."
    ),
    "signal_reply_sent": "↩️ Your reply to #{number} was sent to the reporter.",
    "signal_reporter_unreachable": (
        "Your reply to #{number} is kept, but the reporter can no longer be reached."
    ),
    "signal_usage": "Use /signal 17 to look at signal 17, /signals for the list.",
    "signal_wiped_note": "🧹 Signal #{number}: the content was wiped after the retention period.",
    "signal_wiped": "🧹 The content was wiped after the retention period; only the count stays.",
    "signal_thread_header": "🧵 <b>Thread of #{number}</b>",
    "signal_thread_line": "{when} · <b>{name}</b>: {text}",
    "signal_thread_outcome": "{name} (closing)",
    "signals_usage": (
        "I do not know that filter: {problem}\nUse: /signals [open|mine|closed|all] "
        "[theme=…] [wijk=…]"
    ),
    "signals_file": (
        "All matching signals: {count}. No contents, only the facts; keep this file safe."
    ),
    "signals_file_name": "signals.csv",
    "signals_file_columns": "number,filed,theme,urgent,neighbourhood,status,taken by",
    "signals_none": "No signals found.",
    "signals_header": "📋 <b>Signals</b> ({count})",
    "signals_line": "{urgent}<b>#{number}</b> · {when} · {theme} · {wijk} · {state}",
    "trends_usage": "Use /trends or /trends 12 (number of months, at most {limit}).",
    "trends_themes": "By theme",
    "trends_wijken": "By neighbourhood",
    "trends_total": "Total",
    "trends": "📈 <b>Signals per month</b> (last {months})",
    # Meetings
    "cmd_meeting": "Plan a meeting",
    "cmd_meetings": "Upcoming meetings",
    "cmd_news": "Send network news",
    "meeting_usage": "Use /meeting to plan, /meeting 12 for meeting 12.",
    "meeting_ask_title": "📅 <b>New meeting.</b> What is it called? (e.g. Network meeting)",
    "meeting_text_only": "Please type your answer as text.",
    "meeting_when_format": (
        "I do not understand that time. Examples: <code>28-11 19:30</code>, "
        "<code>sat 19:30</code>, <code>2026-12-05 19:30</code>, <code>tomorrow 19:30</code>."
    ),
    "meeting_when_past": "That time has passed. Choose a moment in the future.",
    "meeting_when_nonexistent": (
        "That time does not exist: the clocks go forward an hour then (summer time). Choose "
        "another time."
    ),
    "meeting_when_end_before_start": "The end must come after the start.",
    "meeting_when_too_long": "That is too far ahead or too long. Choose something closer.",
    "meeting_when_rrule": (
        "I do not understand that rule. Example: <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_when_rrule_long": (
        "That repeat rule is too long: at most 200 characters. Example: "
        "<code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_when_rrule_never": (
        "By that rule there would be no meeting at all in the next five years. Choose another, "
        "e.g. <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_pin": "📍 location on the map",
    "meeting_ask_start": (
        "When does it start? Choose below or type e.g. <code>28-11 19:30</code>, "
        "<code>sat 19:30</code> or <code>2026-12-05 19:30</code>."
    ),
    "btn_minutes": "{minutes} min",
    "meeting_ask_end": (
        "How long is it? Choose, or type an end time (<code>21:30</code>) or a duration "
        "(<code>2h</code>)."
    ),
    "btn_meeting_no_place": "No location",
    "meeting_ask_place": "Where? Type the place, or share a location on the map (📎 → Location).",
    "btn_meeting_no_agenda": "No agenda",
    "meeting_ask_agenda": "What is on the agenda? Type the items, or choose 'No agenda'.",
    "meeting_ask_audience": "Who do you invite?",
    "btn_meeting_everyone": "The whole network",
    "btn_meeting_once": "Once",
    "btn_meeting_every": "Every {weeks} weeks",
    "btn_meeting_rrule": "My own rule (RRULE)",
    "meeting_ask_repeat": "Does this meeting repeat?",
    "meeting_ask_rrule": (
        "Type the rule, e.g. <code>FREQ=WEEKLY;INTERVAL=6</code> or "
        "<code>FREQ=MONTHLY;BYDAY=1TH;COUNT=6</code>."
    ),
    "btn_meeting_send": "📨 Send the invitations",
    "meeting_preview": (
        "<b>This is the invitation</b> (with a calendar file):\n\n{invitation}\n\n"
        "Repeats: {repeat}\nFor: {audience}"
    ),
    "meeting_repeat_every": "every {weeks} weeks",
    "meeting_repeat_once": "once",
    "meeting_everyone": "the whole network",
    "meeting_dropped": "Planning stopped; nothing was sent.",
    "meeting_planned": (
        "📨 Meeting #{number} planned; the invitation goes to {count} people. "
        "See the answers with /meeting {number}."
    ),
    "meeting_invitation": (
        "📅 <b>Invitation: {title}</b>\n🕖 {when}\n📍 {location}{agenda}\n\n"
        "Are you coming? Answer with the buttons. Open the file to put the meeting in your "
        "calendar."
    ),
    "meeting_moved": (
        "🔁 <b>Moved: {title}</b>\nNew time: {when}\n📍 {location}\n\n"
        "Open the file to update your calendar. Are you still coming?"
    ),
    "meeting_cancelled": (
        "❌ <b>Cancelled: {title}</b>\n{when}\n\nOpen the file to remove the meeting from your "
        "calendar."
    ),
    "meeting_reminder": "⏰ <b>Reminder: {title}</b>\n🕖 {when}\n📍 {location}",
    "meeting_no_location": "to follow",
    "meeting_agenda": "<b>Agenda</b>\n{agenda}",
    "btn_rsvp_yes": "✅ I'll come",
    "btn_rsvp_maybe": "❔ Maybe",
    "btn_rsvp_no": "❌ I can't",
    "meeting_rsvp_yes": "Great, see you then!",
    "meeting_rsvp_maybe": "Noted: maybe.",
    "meeting_rsvp_no": "A pity; noted that you can't come.",
    "meeting_closed": "Meeting #{number} was cancelled or has already started.",
    "meeting_not_invited": "This invitation is not for you.",
    "meeting_coordinator_note": (
        "📋 <b>Coming up: {title}</b> ({when})\nComing ({yes}): {yes_names}\n"
        "Maybe ({maybe}): {maybe_names}\nNo answer yet: {open}"
    ),
    "meeting_nudge": (
        "🌱 Nothing has gone to the network for {weeks} weeks. Plan a meeting (/meeting) or "
        "share good news (/news) to keep the network warm."
    ),
    "meetings_none": "There are no upcoming meetings. Plan one with /meeting.",
    "meetings_header": "📅 <b>Upcoming meetings</b>\n{lines}",
    "meetings_line": (
        "<b>#{number}</b> {when} · {title} · ✅ {yes} ❔ {maybe} ❌ {no} · {invited} invited"
    ),
    "btn_meeting_who": "👥 Who is coming",
    "btn_meeting_present": "✔️ Attendance",
    "btn_meeting_move": "🕒 Move",
    "btn_meeting_cancel": "❌ Cancel",
    "btn_meeting_cancel_all": "❌ Cancel the whole series",
    "meeting_page": (
        "📅 <b>#{number} {title}</b>\n{when} · {state}\n"
        "✅ {yes} ❔ {maybe} ❌ {no} · {invited} invited"
    ),
    "meeting_state_draft": "being planned",
    "meeting_state_planned": "planned",
    "meeting_state_cancelled": "cancelled",
    "meeting_ask_move": "What is the new start of #{number}? E.g. <code>sat 19:30</code>.",
    "btn_meeting_sure": "Yes, cancel",
    "meeting_cancel_confirm": "Cancel meeting #{number}? Everyone who said yes or maybe is told.",
    "meeting_cancel_all_confirm": (
        "Cancel #{number} and every later meeting of the series? Everyone who said yes or maybe "
        "is told."
    ),
    "meeting_cancelled_done": "Cancelled; {count} people are told.",
    "meeting_moved_done": "Meeting #{number} was moved; {count} people are told.",
    "meeting_who": (
        "👥 <b>#{number} {title}</b>\n✅ Coming: {yes}\n❔ Maybe: {maybe}\n❌ Not: {no}\n"
        "… No answer yet: {open}"
    ),
    "meeting_attendance": "Who was at #{number}? Tap a name to switch it on or off.",
    # News
    "news_usage": "Use /news followed by the message, e.g. /news The street party was a success!",
    "btn_news_send": "📨 To the whole network",
    "news_preview": "<b>Network news</b> (silent, may be shared):\n\n{text}",
    "news_dropped": "Not sent.",
    "news_sent": "📨 News #{number} goes to {count} people.",
    "news_header": "📰 <b>News from {network}</b> (#{number})",
    # Working groups
    "cmd_workgroup": "Start a working group",
    "cmd_workgroups": "Working groups",
    "workgroup_private_only": (
        "Working groups are managed in your private chat with the bot, not here."
    ),
    "workgroup_usage": "Use /workgroup to start, /workgroup 3 for working group 3.",
    "workgroup_ask_name": "👥 <b>New working group (#{number}).</b> What is it called?",
    "workgroup_ask_theme": "Which theme does it belong to?",
    "workgroup_ask_purpose": "What is its purpose, in one sentence?",
    "btn_wg_default_end": "Until {date}",
    "workgroup_ask_end": "Until when does it run? Choose, or type a date (<code>15-01</code>).",
    "workgroup_instructions": (
        "Almost done. A bot cannot create a group itself, so:\n"
        "1. Create a new group in Telegram, e.g. <b>{name}</b>.\n"
        "2. Add @{bot} and make the bot an <b>administrator</b> with the rights: invite users, "
        "ban users, delete messages and pin messages.\n"
        "As soon as that is done, I bind the group to working group #{number} and let you know."
    ),
    "btn_wg_people": "➕ Invite members",
    "btn_wg_guest": "🧳 Invite a guest from outside",
    "btn_wg_who": "📋 Who is in",
    "btn_wg_extend_short": "⏳ Extend",
    "btn_wg_close_now": "🔚 Close now",
    "btn_wg_close_at_end": "Close on the end date",
    "btn_wg_extend": "⏳ Extend by {weeks} weeks",
    "workgroup_page": (
        "👥 <b>#{number} {name}</b> · {state}\n{purpose}\nUntil {end} · "
        "invited {invited} · in the group {joined}"
    ),
    "workgroup_state_draft": "being set up",
    "workgroup_state_waiting": "waiting for the Telegram group",
    "workgroup_state_active": "active",
    "workgroup_state_closing": "closing",
    "workgroup_state_closed": "closed (archive)",
    "workgroup_ask_people": (
        "Whom do you invite to #{number}? Type names separated by commas, or "
        "<code>wijk: Name</code> or <code>theme: key</code>. Everyone gets a link of their own."
    ),
    "workgroup_ask_guest": "What is the name of the guest from outside the network?",
    "workgroup_extended": "Working group #{number} now runs until {end}.",
    "workgroup_closes_at_end": "Working group #{number} closes on {end}.",
    "workgroup_closed_report": (
        "Working group #{number} is closed; {count} people were removed from the group."
    ),
    "workgroup_closed_report_failures": (
        "Working group #{number} is closed; {count} people removed. Failed for: {names}. "
        "Please remove them yourself."
    ),
    "workgroup_guest": " (guest)",
    "workgroup_seat_invited": "invited, not in the group yet",
    "workgroup_seat_joined": "in the group",
    "workgroup_seat_leaving": "being removed",
    "workgroup_seat_gone": "not (or no longer) in the group",
    "workgroup_who": "📋 <b>#{number} {name}</b>\n{lines}",
    "workgroup_people_invited": "{count} invited to #{number}: {names}\nNot found: {missing}",
    "workgroup_guest_link": (
        "Send this personal link to {name}. It works for one person: the guest reads what "
        "their data is for, agrees, and then gets a link of their own to the group.\n{link}"
    ),
    "workgroups_none": "There are no running working groups. Start one with /workgroup.",
    "workgroups_header": "👥 <b>Working groups</b>\n{lines}",
    "workgroups_line": "<b>#{number}</b> {name} · {state} · until {end}",
    "workgroup_link": (
        "👥 You are invited to the working group <b>{name}</b> (until {end}).\n{purpose}\n\n"
        "Note: in a Telegram group, members see each other's names and, depending on your "
        "settings, your phone number. Only join if you are fine with that.\n\n"
        "Your own link (works only for you): {link}"
    ),
    "workgroup_end_soon": "⏳ Working group <b>{name}</b> ends on {end}. What would you like?",
    "workgroup_goodbye": (
        "🔚 The working group <b>{name}</b> has ended. Thank you all! Everyone is now removed "
        "from this group."
    ),
    "workgroup_closed": (
        "Working group <b>{name}</b> is closed; {count} people were removed from the group."
    ),
    "workgroup_closed_failures": (
        "Working group <b>{name}</b> is closed; {count} people removed. Failed for: {names}."
    ),
    "workgroup_already_bound": "That group is already bound to working group #{number} ({name}).",
    "workgroup_bot_removed": (
        "⚠️ The bot was removed from the group of working group #{number} ({name}) or is no "
        "longer an administrator. Without it nobody can be invited or removed."
    ),
    "right_can_invite_users": "invite users",
    "right_can_restrict_members": "ban users",
    "right_can_delete_messages": "delete messages",
    "right_can_pin_messages": "pin messages",
    "workgroup_rights_missing": (
        "⚠️ The bot lacks rights in the group of working group #{number}: {rights}. Make the "
        "bot an administrator with those rights; then it continues by itself."
    ),
    "workgroup_rights_missing_group": "The bot still needs these administrator rights: {rights}.",
    "workgroup_bound": (
        "✅ Working group #{number} ({name}) is bound. Invite people with /workgroup {number}."
    ),
    "workgroup_not_for_me": (
        "This bot only works in the coordinator's working groups and leaves this group."
    ),
    "workgroup_pinned": (
        "📌 <b>Working group {name}</b>\n{purpose}\n\nThis group runs until {end}. Then "
        "everyone is removed and the group closes."
    ),
    "workgroup_intruder_removed": (
        "Someone without an invitation came into working group #{number} <b>{name}</b>: {who}. "
        "The bot removed them at once. Do they belong there? Let them in as a guest: you get a "
        "link to forward that only their account can use."
    ),
    "workgroup_intruder_stays": (
        "Someone without an invitation came into working group #{number} <b>{name}</b>: {who}. "
        "The bot could not remove them yet and keeps trying: give it the right to ban members."
    ),
    "btn_uninvited_let_in": "🧳 Let in as a guest",
    "btn_uninvited_out": "🚫 Keep out",
    "workgroup_uninvited_kept_out": (
        "Kept out: what the bot knew of this account is erased once they are out of the group."
    ),
    "workgroup_uninvited_let_in": (
        "Forward this link to {name} (working group #{number}). Only their Telegram account can "
        "use it: they read what the group is for, agree, and then get their own link to the "
        "group.\n{link}"
    ),
    "workgroup_unseen": (
        "{count} member(s) the bot never saw come in (added while it was not an administrator)"
    ),
    "workgroup_crowded": (
        "The group you added the bot to already has {others} other members. Only people the bot "
        "invites may be in a working group, so I do not bind this group. Create a new group with "
        "only you in it and add the bot there; it then sends the members of working group "
        "#{number} a personal link itself."
    ),
    "workgroup_guest_waiting": (
        "Thank you. The coordinator first confirms that you are the guest; then you get your "
        "personal link to the group."
    ),
    "workgroup_guest_confirm": (
        "Guest for working group #{number} <b>{name}</b>: invited as <b>{invited}</b>, agreed "
        "by the Telegram account <b>{account}</b>. Is that the right person?"
    ),
    "btn_guest_right": "✅ Yes, send the link",
    "btn_guest_wrong": "🚫 Not this person",
    "workgroup_guest_confirmed": "Confirmed: the guest gets the link.",
    "workgroup_guest_not_them": "Refused: no link goes out, what was kept is erased.",
    "workgroup_members": "👥 In the group <b>{group}</b> ({count}):\n{lines}",
    "workgroup_guest_closed": "This working group no longer exists or has been closed.",
    "btn_guest_agree": "✅ Agreed, I'll join",
    "btn_guest_refuse": "No, thank you",
    "workgroup_guest_welcome": (
        "You are invited as a guest to the working group <b>{name}</b> (until {end}).\n"
        "{purpose}\n\nWe keep only your name and Telegram id, solely for this working group, "
        "and erase them at most 30 days after the end. In the group, members see each "
        "other's names. Will you join?"
    ),
    "workgroup_guest_refused": "Fine. Nothing about you has been kept.",
    "workgroup_guest_private": (
        "You are a guest in a working group; the work happens in the group itself. This bot "
        "has nothing else for guests. Questions? Contact the coordinator."
    ),
    "workgroup_guest_stopped": (
        "You were taken out of the working group and what we kept is erased."
    ),
    "workgroup_guest_privacy": (
        "You are a guest in a working group. We keep your name and Telegram id only for it, "
        "until at most 30 days after the end date:\n{lines}\nWith /stop you leave and we erase it."
    ),
}
