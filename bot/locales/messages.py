"""Every user-facing text in its English source form, keyed by a stable id.

The id is the gettext context (msgctxt); the English text is the msgid that translators
see. `pybabel extract` reads this file (see the README, "Translating"); translations live
in bot/locales/<language>/LC_MESSAGES/sleutelnet.po. Values are Telegram HTML templates;
a plural text chooses its form by the value of {count}.
"""

from bot.i18n_source import catalog, msg, msg_n

MESSAGES = catalog(
    # Strangers and invitations
    msg(
        "stranger",
        "Hello! This is the bot of <b>{network}</b>. Joining is by invitation only.\n"
        "Did you get an invitation? Then open the link in that invitation.\n"
        "Nothing about you has been stored.",
    ),
    msg(
        "left_member",
        "You have left <b>{network}</b> and receive nothing any more.\n"
        "Want to join again? Ask the coordinator for a new invitation.",
    ),
    msg(
        "invite_opened",
        "The invitation for <b>{invited}</b> was opened by the Telegram account "
        "<b>{account}</b>. Not this person? Press the button: the account leaves the network at "
        "once and everything is erased.",
    ),
    msg("btn_wrong_person", "🚫 Not this person: revoke"),
    msg(
        "invite_wrong_person_done",
        "Revoked: the account is out of the network and erased.",
    ),
    msg(
        "invite_unknown",
        "This invitation link is not valid. Check that you opened the whole link, or ask the "
        "coordinator for a new one. Nothing about you has been stored.",
    ),
    msg(
        "invite_expired",
        "This invitation link has expired. Ask the coordinator for a new one. Nothing about you "
        "has been stored.",
    ),
    msg(
        "invite_used",
        "This invitation link has already been used. An invitation works for one person only. "
        "Ask the coordinator for your own invitation. Nothing about you has been stored.",
    ),
    msg(
        "already_member",
        "You are already a member of <b>{network}</b>. Type /help to see what you can do.",
    ),
    # Onboarding
    msg(
        "welcome",
        "Welcome, {name}! You have been invited to <b>{network}</b>.\n"
        "\n"
        "The network connects key persons from neighbourhoods and communities with the "
        "municipality's coordinator. Through this bot you can pass on signals, receive messages "
        "when something is going on, and invitations to meetings.\n"
        "\n"
        "<b>What the bot stores:</b> your name, your Telegram number, your language, your "
        "neighbourhood(s), your consents and what you send to the network yourself. Only the "
        "coordinator sees this. Other members do not see who is in the network.\n"
        "\n"
        "<b>Privacy notice (version {version})</b>\n"
        "{notice}",
    ),
    msg("btn_continue", "Continue"),
    msg("btn_done", "Done"),
    msg(
        "consent_intro",
        "<b>Consent</b>\n"
        "The network works per theme. You only receive messages about themes you consent to. Tap "
        "a theme to give your consent under the privacy notice (version {version}). You can "
        "withdraw it at any time with /stop.",
    ),
    msg("btn_consent", "I take part: {theme}"),
    msg("btn_consented", "✓ {theme}"),
    msg("btn_chosen", "✓ {item}"),
    msg("consent_recorded", "Consent recorded: {theme}"),
    msg("consent_already", "You had already consented to: {theme}"),
    msg("consent_needed", "Please consent to at least one theme first."),
    msg(
        "wijk_intro",
        "<b>Neighbourhood</b>\n"
        "In which neighbourhood(s) are you active? Tap to switch on or off, then tap Done. No "
        "neighbourhood? Tap Done right away.",
    ),
    msg(
        "onboarding_done",
        "You are now a member of <b>{network}</b>. Thank you!\nType /help to see what you can do.",
    ),
    msg(
        "finish_onboarding_first",
        "Your registration is not finished yet. Please give your consent in the message above, "
        "or type /stop if you do not want to take part.",
    ),
    # Help
    msg(
        "help_member",
        "<b>{network}</b>\n"
        "/help – this overview\n"
        "/signal – report something to the coordinator (or just type your message)\n"
        "/privacy – what we keep about you, and the privacy notice\n"
        "/mydata – a file with everything we keep about you\n"
        "/language – choose your language\n"
        "/quiet 23:00-07:00 – quiet hours: ordinary messages arrive without sound\n"
        "/stop – withdraw your consent and leave\n"
        "\n"
        "Questions about the network? Contact the coordinator.",
    ),
    msg(
        "help_coordinator",
        "\n"
        "\n"
        "<b>For the coordinator</b>\n"
        "/invite Name – create an invitation link\n"
        "/people – list members (filter: wijk=…, theme=…, status=…, role=…)\n"
        "/whois Name – one member's card: status, neighbourhoods, themes, last response\n"
        "/alert – compose a message to the network\n"
        "/alerts – recent messages; /alert 12 – status of message 12\n"
        "/templates – templates for recurring messages\n"
        "/signals – signals (open, mine, closed, theme=…, wijk=…); /signal 17 – one signal\n"
        "/trends – signals per theme and neighbourhood per month\n"
        "/network – the network's health at a glance; /report – report for management (PDF)\n"
        "/meeting – plan a meeting; /meetings – upcoming meetings\n"
        "/news text – network news (silent, may be shared)\n"
        "/workgroup – start a temporary working group; /workgroups – running working groups",
    ),
    msg(
        "help_invited",
        "Your registration is not finished. Type /start with your invitation link, or /stop.",
    ),
    # Language
    msg("language_prompt", "Choose your language."),
    msg("language_set", "The language is now English."),
    # Privacy
    msg(
        "privacy",
        "<b>Privacy notice (version {version})</b>\n"
        "{notice}\n"
        "\n"
        "<b>What we keep about you</b>\n"
        "Name: {name}\n"
        "Role: {role}\n"
        "Status: {status}\n"
        "Language: {language}\n"
        "Neighbourhood(s): {wijken}\n"
        "Organisation: {organisation}\n"
        "Member since: {joined}\n"
        "Consents:\n"
        "{consents}\n"
        "Signals you sent: {signals} (kept until {retention} after closing)\n"
        "\n"
        "Only the coordinator sees this data. Everything we keep about you, including your "
        "signals and your answers to messages, comes as a file with /mydata. Type /stop to "
        "withdraw your consent.",
    ),
    msg(
        "privacy_erased",
        "<b>Privacy notice (version {version})</b>\n"
        "{notice}\n"
        "\n"
        "<b>What we keep about you</b>\n"
        "You left and your data has been erased. We keep only the proof of your consents (theme, "
        "version of the privacy notice and times), under a pseudonym instead of your Telegram "
        "id, until {until}. Then that is erased too.",
    ),
    msg("privacy_consent_line", "• {theme}: {state} on {date} (version {version})"),
    msg("consent_granted", "given"),
    msg("consent_withdrawn", "withdrawn"),
    msg("none", "none"),
    msg("not_yet", "not yet"),
    # Stop
    msg(
        "stop_confirm",
        "Are you sure you want to stop? Your consent will be withdrawn and you will receive "
        "nothing more from the network.",
    ),
    msg("btn_stop_yes", "Yes, stop"),
    msg("btn_stop_no", "No, stay"),
    msg(
        "stopped",
        "You have left and your consent is withdrawn. You will receive nothing more.\n"
        "Want to join again later? You will need a new invitation.",
    ),
    msg("stop_cancelled", "Good, you stay a member."),
    # Generic answers
    msg(
        "unknown_command",
        "I do not know that command. Type /help for an overview.",
    ),
    msg(
        "not_understood",
        "I did not store your message: I only understand the commands in /help.",
    ),
    msg(
        "text_only",
        "I can only handle text and commands here. Type /help for an overview.",
    ),
    msg(
        "too_long",
        "Your message is too long ({length} characters, at most {limit}).",
    ),
    msg("stale_button", "This button no longer works."),
    msg("not_allowed", "Only the coordinator can do that."),
    msg("error_generic", "Something went wrong. Please try again later."),
    msg(
        "error_unavailable",
        "The bot cannot handle your message right now. Please try again in a few minutes.",
    ),
    # Coordinator: invites
    msg("invite_usage", "Usage: /invite Name (for example /invite Fatima Yilmaz)."),
    msg(
        "invite_created",
        "Invitation for <b>{name}</b> ({role}), valid until {expires}:\n"
        "{link}\n"
        "\n"
        "Send this link to {name} only. It works once.",
    ),
    msg("invite_role_set", "The invitation for {name} is now for: {role}"),
    msg("btn_make_role", "Make {role}"),
    # Coordinator: people
    msg("people_header", "<b>Members found: {count}</b>{filters}"),
    msg("people_line", "• {name} – {role}, {status}{wijken}{themes}"),
    msg("people_range", " · {first}–{last}"),
    msg("btn_people_prev", "◀ Previous"),
    msg("btn_people_next", "Next ▶"),
    msg("btn_people_file", "📄 Whole list as a file"),
    msg_n(
        "people_file",
        "The whole list: {count} person. Keep this file safe; it holds personal data.",
        "The whole list: {count} people. Keep this file safe; it holds personal data.",
    ),
    msg("people_file_name", "people.csv"),
    msg(
        "people_file_columns",
        "name,Telegram account,role,status,neighbourhoods,themes",
    ),
    msg("people_none", "Nobody found{filters}."),
    msg_n(
        "invite_import_done",
        "<b>{count} invitation</b> in this file: one link per person, which works once. Send "
        "each link only to that person and delete the file afterwards. Skipped (already invited "
        "or a member), lines: {skipped}.",
        "<b>{count} invitations</b> in this file: one link per person, which works once. Send "
        "each link only to that person and delete the file afterwards. Skipped (already invited "
        "or a member), lines: {skipped}.",
    ),
    msg(
        "invite_import_refused",
        "<b>Nobody was invited.</b> Correct the file and send it again:",
    ),
    msg("invite_import_too_big", "That file is larger than {kb} kB; split it up."),
    msg("invite_import_file_name", "invitations.csv"),
    msg(
        "whois_usage",
        "Type /whois followed by (part of) a name, for example /whois Fatima.",
    ),
    msg("whois_none", "Nobody found with “{name}” in their name."),
    msg(
        "whois_card",
        "<b>{name}</b>\n"
        "Role: {role} · {status}\n"
        "Neighbourhood(s): {wijken}\n"
        "Themes: {themes}\n"
        "Last response: {last}",
    ),
    msg_n(
        "whois_more",
        "And {count} more with that name: type more of the name.",
        "And {count} more with that name: type more of the name.",
    ),
    msg("whois_nothing", "none"),
    msg("whois_never", "never (no acknowledgement, RSVP or signal)"),
    msg(
        "people_usage",
        "Unknown filter: {problem}\n"
        "Usage: /people [wijk=Name] [theme=key] [status=active|invited|paused|left] "
        "[role=key_person|background_contact|coordinator]",
    ),
    # Roles and statuses
    msg("role_key_person", "key person"),
    msg("role_background_contact", "background contact"),
    msg("role_coordinator", "coordinator"),
    msg("status_invited", "invited"),
    msg("status_active", "active"),
    msg("status_paused", "paused"),
    msg("status_left", "left"),
    # Alerts: errors
    msg(
        "alert_text_empty",
        "A message without text cannot be sent. Please send the text.",
    ),
    msg(
        "alert_text_too_long",
        "The text is {length} characters long; at most {limit} fit in one message. Please "
        "shorten it and send it again.",
    ),
    msg(
        "alert_audience_empty",
        "Nobody matches this choice (active, with consent). Nothing was sent. Choose another "
        "group.",
    ),
    msg(
        "alert_not_draft",
        "Message #{number} was already confirmed, stopped or retracted.",
    ),
    msg("alert_unknown", "There is no message #{number}."),
    # Alerts: what recipients see
    msg("alert_header", "📢 <b>Message from {network}</b> (#{number})"),
    msg("alert_header_urgent", "🚨 <b>Urgent message from {network}</b> (#{number})"),
    msg(
        "alert_shareable",
        "May be shared with your community. Tap the text to copy it:",
    ),
    msg("alert_other_languages", "In other languages, to pass on:"),
    msg("alert_internal", "🔒 For you only – do not forward."),
    msg("btn_ack_received", "✅ Received"),
    msg("btn_ack_passed", "📣 Passed on"),
    msg("btn_ack_question", "❓ Question"),
    msg(
        "alert_reminder",
        "⏰ Reminder: please let us know you received message #{number} from {network}. Tap a "
        "button.",
    ),
    # Alerts: the coordinator's live status
    msg(
        "alert_status",
        "📊 <b>Message #{number}</b> – {state}\n"
        "Recipients: {total}\n"
        "✅ sent {sent} · ⏳ waiting {pending}\n"
        "🚫 blocked {blocked} · ❔ not found {not_found} · ⚠️ failed {failed}\n"
        "⏭ skipped {skipped} · ✋ stopped {cancelled}\n"
        "👍 received {acked} · 📣 passed on {passed_on} · ❓ questions {questions}",
    ),
    msg("alert_state_draft", "draft"),
    msg("alert_state_queued", "sending"),
    msg("alert_state_sent", "sent"),
    msg("alert_state_cancelled", "stopped"),
    msg("alert_state_retracted", "retracted"),
    msg("btn_alert_unacked", "Who has not confirmed?"),
    msg("btn_alert_cancel", "Stop sending"),
    msg("btn_alert_edit", "Correct the text"),
    msg("btn_alert_retract", "Retract"),
    msg(
        "alert_blocked_summary",
        "Message #{number}: these people blocked the bot or deleted their account and will "
        "receive nothing more: {names}",
    ),
    msg_n(
        "alert_reminders_sent",
        "Message #{number}: {count} reminder sent to those who did not confirm.",
        "Message #{number}: {count} reminders sent to those who did not confirm.",
    ),
    # Alerts: composing (coordinator)
    msg(
        "alert_usage",
        "Usage: /alert to compose a message, or /alert 12 for the status of message 12.",
    ),
    msg(
        "alert_compose_text",
        "<b>New message #{number}</b>\n"
        "Send the text of the message, or forward a message. Write in {language}; you can add a "
        "text in another language afterwards. The text is sent as you type it (plain text).",
    ),
    msg(
        "alert_text_saved",
        "Text saved (languages: {languages}). Recipients get the text in their own language, "
        "otherwise in the default language. Add another language, or continue?",
    ),
    msg("btn_alert_add_language", "Add text: {language}"),
    msg("alert_language_prompt", "Now send the text in this language: {language}."),
    msg("btn_cancel", "Cancel"),
    msg("alert_draft_cancelled", "Draft deleted. Nothing was sent."),
    msg(
        "alert_audience_prompt",
        "<b>To whom?</b>\n"
        "Only active members with consent receive the message; for a theme, only those who "
        "consented to that theme.",
    ),
    msg("btn_audience_all", "Everyone"),
    msg("btn_audience_wijk", "By neighbourhood"),
    msg("btn_audience_theme", "By theme"),
    msg("btn_audience_tag", "By tag"),
    msg("btn_audience_people", "People"),
    msg("alert_wijk_prompt", "Choose one or more neighbourhoods and tap Done."),
    msg(
        "alert_theme_prompt",
        "Choose the theme. Only those who consented to it receive the message.",
    ),
    msg("alert_tag_prompt", "Choose one or more tags and tap Done."),
    msg("alert_no_tags", "There are no tags yet. Choose another group."),
    msg("alert_choose_one", "Choose at least one."),
    msg(
        "alert_people_prompt",
        "Type the names, separated by commas (for example: Fatima Yilmaz, Ali Bakker).",
    ),
    msg(
        "alert_people_none",
        "Nobody found with these names: {names}. Type the names again.",
    ),
    msg("alert_people_found", "Recipients: {found}{missing}"),
    msg(
        "alert_people_missing",
        "\nNot found (or not active): {names}",
    ),
    msg(
        "alert_options_prompt",
        "<b>Options</b>\nTap an option to change it. Then: send now or later.",
    ),
    msg("btn_opt_normal", "Sound: normal"),
    msg("btn_opt_urgent", "🔔 Urgent"),
    msg("btn_opt_silent", "🔕 Silent"),
    msg("btn_opt_internal", "🔒 Internal – do not forward"),
    msg("btn_opt_shareable", "📣 Shareable with the community"),
    msg("btn_opt_remind_off", "Reminder if not confirmed: off"),
    msg("btn_opt_remind", "Reminder if not confirmed: after {minutes} min"),
    msg("btn_send_now", "Send now"),
    msg("btn_send_later", "Later…"),
    msg(
        "alert_time_prompt",
        "When should the message go out? Type a time ({timezone}), for example 19:30 (today, or "
        "tomorrow if it is already later), 28-11 19:30 or 2026-12-05 19:30.",
    ),
    msg(
        "alert_time_invalid",
        "I do not understand that time. Examples: 19:30, 28-11 19:30 or 2026-12-05 19:30.",
    ),
    msg(
        "alert_time_past",
        "{when} has already passed. Choose a time in the future, for example 19:30, 28-11 19:30 "
        "or 2026-12-05 19:30.",
    ),
    msg(
        "alert_summary",
        "<b>Preview above</b>: this is what the message looks like.\n"
        "Recipients: <b>{count}</b> ({audience})\n"
        "Sound: {sound}\n"
        "Label: {label}\n"
        "Reminder: {remind}\n"
        "Send: {when}\n"
        "Languages: {languages}\n"
        "\n"
        "Nothing has been sent yet.",
    ),
    msg(
        "alert_languages_missing",
        "(No text yet for {languages}: they get the text in {default}.)",
    ),
    msg("alert_audience_all", "everyone"),
    msg("alert_audience_wijk", "neighbourhood: {values}"),
    msg("alert_audience_theme", "theme: {values}"),
    msg("alert_audience_tag", "tag: {values}"),
    msg("alert_audience_people", "people: {values}"),
    msg("alert_sound_normal", "normal (silent during someone's quiet hours)"),
    msg("alert_sound_urgent", "urgent (always rings)"),
    msg("alert_sound_silent", "silent"),
    msg("alert_label_shareable", "shareable with the community"),
    msg("alert_label_internal", "internal, do not forward"),
    msg("alert_remind_off", "off"),
    msg_n(
        "alert_remind_after",
        "after {count} minute",
        "after {count} minutes",
    ),
    msg("alert_when_now", "now"),
    msg_n(
        "btn_alert_send",
        "✅ Send to {count} recipient",
        "✅ Send to {count} recipients",
    ),
    msg("btn_alert_save_template", "Save as template"),
    msg_n(
        "alert_confirmed",
        "Message #{number} goes to {count} recipient.",
        "Message #{number} goes to {count} recipients.",
    ),
    msg("alert_scheduled", "Message #{number} will be sent at {when}."),
    msg(
        "alert_template_name_prompt",
        "What is the template called? Type a short name.",
    ),
    msg("alert_template_saved", "Template saved: {name}"),
    msg(
        "templates_header",
        "<b>Templates</b>\nTap a template to start a new message with it.",
    ),
    msg(
        "templates_none",
        "There are no templates yet. Save one from a message's preview (/alert).",
    ),
    msg("btn_template_use", "Use: {name}"),
    msg(
        "alert_from_template",
        "<b>New message #{number}</b> with the text of template: {name}",
    ),
    # Alerts: overview and managing (coordinator)
    msg(
        "alerts_header",
        "<b>Recent messages</b>\n{lines}\n\nDetails and buttons: /alert number",
    ),
    msg("alerts_none", "There are no messages yet. Start one with /alert."),
    msg("alerts_line_draft", "• #{number} – draft, being composed by {name}"),
    msg(
        "alerts_line",
        "• #{number} – {state} ({when}, by {name}): {sent}/{total} sent, {acked} confirmed",
    ),
    msg("alert_unacked", "Message #{number}: not confirmed yet ({count}): {names}"),
    msg(
        "alert_all_acked",
        "Message #{number}: everyone who received it has confirmed.",
    ),
    msg_n(
        "alert_cancel_done",
        "Sending message #{number} has stopped. {count} recipient will not receive it.",
        "Sending message #{number} has stopped. {count} recipients will not receive it.",
    ),
    msg(
        "alert_edit_prompt",
        "Send the corrected text of message #{number} (in {language}). It replaces the text "
        "everywhere the message has arrived.",
    ),
    msg_n(
        "alert_edit_done",
        "Text of message #{number} corrected. {count} sent message will be updated.",
        "Text of message #{number} corrected. {count} sent messages will be updated.",
    ),
    msg(
        "alert_edit_stopped",
        "All right, the text of message #{number} stays as it is.",
    ),
    msg(
        "alert_retract_confirm",
        "Retract message #{number}? It is deleted for everyone who received it in the past 48 "
        "hours, and whatever has not been sent yet will not go out.",
    ),
    msg("btn_retract_yes", "Yes, retract"),
    msg("btn_retract_no", "No"),
    msg("alert_retract_kept", "All right, message #{number} stays."),
    msg_n(
        "alert_retract_done",
        "Message #{number} is retracted. {count} message will be deleted.",
        "Message #{number} is retracted. {count} messages will be deleted.",
    ),
    msg_n(
        "alert_retract_too_old",
        "Note: {count} message of #{number} is older than 48 hours. Telegram no longer lets us "
        "delete it; tell that recipient yourself that the message no longer applies.",
        "Note: {count} messages of #{number} are older than 48 hours. Telegram no longer lets us "
        "delete those; tell those recipients yourself that the message no longer applies.",
    ),
    # Alerts: feedback from recipients
    msg("alert_ack_thanks", "Thanks, noted."),
    msg(
        "alert_question_prompt",
        "Type your question about message #{number}. It goes only to the coordinator.",
    ),
    msg("alert_question_entry", "❓ Question about message #{number}:"),
    # Quiet hours
    msg(
        "quiet_set",
        "Your quiet hours: {hours}. Ordinary messages then arrive without sound; urgent messages "
        "always ring.",
    ),
    msg("quiet_off", "Quiet hours are off. Messages always arrive with sound."),
    msg(
        "quiet_show",
        "Your quiet hours: {hours}. Change: /quiet 23:00-07:00, switch off: /quiet off.",
    ),
    msg("quiet_none", "You have no quiet hours. Set them: /quiet 23:00-07:00"),
    msg(
        "quiet_usage",
        "I do not understand that. Example: /quiet 23:00-07:00, or /quiet off to switch them off.",
    ),
    # Date formats: CLDR patterns, formatted with Babel
    # TRANSLATORS: a CLDR date pattern (d or dd: day, MM: month number, MMM: month name,
    # y: year), as your language writes a date in a list.
    msg("date_format", "dd MMM y"),
    # TRANSLATORS: a CLDR date-and-time pattern (HH:mm is the 24-hour clock).
    msg("datetime_format", "dd MMM y, HH:mm"),
    # Words a coordinator types in commands: /people wijk=North, /signals mine, /meeting tomorrow
    # TRANSLATORS: one lower-case word typed in "/people neighbourhood=North"; use the same word
    # as in the help texts. The Dutch words and these English ones are always understood too.
    msg("word_neighbourhood", "neighbourhood"),
    # TRANSLATORS: one lower-case word typed in "/people theme=youth".
    msg("word_theme", "theme"),
    # TRANSLATORS: one lower-case word typed in "/people role=key_person".
    msg("word_role", "role"),
    # TRANSLATORS: one lower-case word typed in "/signals open": the signals still open.
    msg("word_open", "open"),
    # TRANSLATORS: one lower-case word typed in "/signals mine": the coordinator's own signals.
    msg("word_mine", "mine"),
    # TRANSLATORS: one lower-case word typed in "/signals closed".
    msg("word_closed", "closed"),
    # TRANSLATORS: one lower-case word typed in "/signals all".
    msg("word_all", "all"),
    # TRANSLATORS: words for today in a typed time ("today 19:30"); separate several by spaces.
    msg("word_today", "today"),
    # TRANSLATORS: words for tomorrow in a typed time ("tomorrow 19:30"); separate several by
    # spaces.
    msg("word_tomorrow", "tomorrow"),
    # TRANSLATORS: one word for the day after tomorrow, if your language has one ("overmorgen").
    msg("word_day_after_tomorrow", "overmorrow"),
    # TRANSLATORS: the optional word before a clock time ("Saturday at 19:30"); several: spaces.
    msg("word_at", "at"),
    # TRANSLATORS: the optional word before an end time ("until 21:00"); several: spaces.
    msg("word_until", "until till"),
    # Errors to the admin chat
    msg(
        "admin_error",
        "Error while handling update {update_id}: {error}. See the log.",
    ),
    msg(
        "admin_error_more",
        "Error while handling update {update_id}: {error}. See the log. Since the last report of "
        "this kind {more} more (one report per kind per 10 minutes).",
    ),
    # Command descriptions (the menu)
    msg("cmd_help", "Overview"),
    msg("cmd_mydata", "My data as a file"),
    msg("mydata_title", "Everything {network} keeps about you"),
    msg("mydata_made", "Made on {when} (privacy notice version {version})"),
    msg("mydata_section_profile", "Your details"),
    msg("mydata_section_dialogue", "What your conversation with the bot is about"),
    msg("mydata_section_consents", "Consents"),
    msg("mydata_section_neighbourhoods", "Neighbourhoods"),
    msg("mydata_section_invitation", "Your invitation"),
    msg("mydata_section_tags", "Tags"),
    msg("mydata_section_audit", "Log entries about you"),
    msg("mydata_section_alerts_received", "Messages you received"),
    msg("mydata_section_meetings_invited", "Meetings"),
    msg("mydata_section_signals_reported", "Signals you sent"),
    msg("mydata_section_working_groups", "Working groups"),
    msg("mydata_yes", "yes"),
    msg("mydata_no", "no"),
    msg("mydata_nothing", "(nothing)"),
    msg(
        "mydata_caption",
        "This is everything we keep about you: readable (.txt) and for a computer (.json). Keep "
        "it safe: whoever has the file can read it.",
    ),
    msg("cmd_privacy", "What we keep"),
    msg("cmd_language", "Choose language"),
    msg("cmd_stop", "Leave the network"),
    msg("cmd_invite", "Create an invitation"),
    msg("cmd_people", "List members"),
    msg("cmd_whois", "One member's card"),
    msg("cmd_quiet", "Quiet hours"),
    msg("cmd_alert", "Compose a message"),
    msg("cmd_alerts", "Recent messages"),
    msg("cmd_templates", "Templates"),
    # Signals: reporting
    msg("cmd_signal", "Report a signal"),
    msg("cmd_signals", "Signals"),
    msg("cmd_trends", "Signal trends"),
    msg(
        "signal_prompt",
        "Type what you want to report, or send a photo, file, voice note or location. Only the "
        "coordinators see it.",
    ),
    msg(
        "signal_not_allowed",
        "Only active members of the network can report signals.",
    ),
    msg(
        "signal_unsupported",
        "I cannot pass this kind of message on. Send text, a photo, a file, a voice note or a "
        "location. Nothing has been stored.",
    ),
    msg(
        "signal_form",
        "📝 <b>New signal</b> (not sent yet)\n"
        "Theme: {theme}\n"
        "Urgency: {urgency}\n"
        "Neighbourhood: {wijk}\n"
        "Your name: {name}\n"
        "Messages: {parts}\n"
        "\n"
        "Change anything you like and press <b>Send</b>. Anything else you send is added. In "
        "{minutes} minutes it goes to the coordinator by itself.",
    ),
    msg("signal_form_name_shown", "may be passed on to partners"),
    msg("signal_form_name_hidden", "🙈 not passed on to partners"),
    msg("signal_form_filed", "📨 Sent as signal #{number}."),
    msg("signal_urgency_normal", "normal"),
    msg("signal_urgency_urgent", "‼️ urgent"),
    msg("signal_no_theme", "no theme"),
    msg("signal_no_wijk", "no neighbourhood"),
    msg("btn_signal_normal", "Normal"),
    msg("btn_signal_urgent", "‼️ Urgent"),
    msg("btn_signal_wijk", "📍 Neighbourhood: {wijk}"),
    msg("btn_signal_name_shown", "🙈 Don't pass my name on"),
    msg("btn_signal_name_hidden", "👤 My name may be passed on"),
    msg("btn_signal_send", "✅ Send"),
    msg("btn_back", "⬅️ Back"),
    msg("btn_signal_add", "➕ Add something to #{number}"),
    msg("signal_sent", "Sent as signal #{number}."),
    msg("signal_cancelled", "Signal cancelled. Nothing has been kept."),
    msg(
        "signal_receipt",
        "✅ Your signal was received as <b>#{number}</b>. Only the coordinators see it; you will "
        "hear from us.\n"
        "Anything to add? Press the button or reply to this message.",
    ),
    msg("signal_added", "➕ Added to your signal #{number}."),
    msg("signal_add_prompt", "Send what you want to add to signal #{number}."),
    msg("signal_status_draft", "Signal #{number} has not been sent yet."),
    msg(
        "signal_status_open",
        "Signal #{number} was received and waits for the coordinator.",
    ),
    msg("signal_status_taken", "The coordinator is working on signal #{number}."),
    msg("signal_status_closed", "Signal #{number} is closed."),
    msg("signal_unknown", "There is no signal #{number} you can look at."),
    msg(
        "signal_too_long",
        "Your message is too long ({length} characters, at most {limit}). Split it over a few "
        "messages. Nothing has been stored.",
    ),
    msg(
        "signal_rate_limited",
        "You have sent a lot in the past hour (at most {limit}). Please try again later, or call "
        "the coordinator if it is urgent. This message has not been stored.",
    ),
    msg("signal_closed", "Signal #{number} is already closed."),
    msg("signal_taken_by_other", "Signal #{number} was already taken by {name}."),
    msg(
        "signal_reply_to_reporter",
        "💬 <b>Reply from the coordinator</b> about your signal #{number}:\n{text}",
    ),
    msg(
        "signal_closed_to_reporter",
        "✅ Your signal #{number} is closed. Thank you!",
    ),
    msg(
        "signal_closed_message",
        "Message from the coordinator:\n{text}",
    ),
    # Signals: the coordinators' side
    msg("signal_card", "📨 <b>Signal #{number}</b>"),
    msg("signal_card_urgent", "🚨 <b>URGENT signal #{number}</b>"),
    msg(
        "signal_card_facts",
        "Theme: {theme} · Neighbourhood: {wijk}\nFrom: {name} · {when}",
    ),
    msg("signal_card_anonymous", "🙈 Do not pass the name on to partners"),
    msg(
        "signal_card_body",
        "\n{text}",
    ),
    msg_n(
        "signal_card_attachments",
        "📎 {count} attachment below",
        "📎 {count} attachments below",
    ),
    msg("signal_state_open", "Status: open"),
    msg("signal_state_taken", "Status: taken by {name}"),
    msg("signal_state_closed", "Status: closed by {name}"),
    msg("signal_reporter_gone", "(reporter left)"),
    msg("signal_entry_header", "➕ <b>#{number}</b> · {name}"),
    msg(
        "signal_caption_cut",
        "{text}\n(the whole text: /signal {number})",
    ),
    msg("signal_kind_text", "text"),
    msg("signal_kind_photo", "photo"),
    msg("signal_kind_document", "file"),
    msg("signal_kind_voice", "voice note"),
    msg("signal_kind_location", "location"),
    msg("btn_signal_reply", "↩️ Reply"),
    msg("btn_signal_take", "🙋 Take"),
    msg("btn_signal_close", "✅ Close"),
    msg("btn_signal_close_message", "✉️ Close with a message"),
    msg("btn_signal_close_silent", "Close without a message of my own"),
    msg(
        "signal_reply_prompt",
        "Type your reply to signal #{number}; only the reporter gets it.",
    ),
    msg(
        "signal_close_prompt",
        "Closing signal #{number}. Do you want to tell the reporter something?",
    ),
    msg(
        "signal_outcome_prompt",
        "Type your message to the reporter; then #{number} is closed.",
    ),
    msg("signal_taken", "You took signal #{number}."),
    msg(
        "signal_closed_done",
        "Signal #{number} is closed; the reporter has been told.",
    ),
    msg(
        "signal_reply_text_only",
        "Replies to signal #{number} can only be text. Type your reply; nothing has been sent.",
    ),
    msg(
        "signal_closed_unreachable",
        "Signal #{number} is closed. The reporter can no longer be reached and gets no message.",
    ),
    msg("signal_reply_sent", "↩️ Your reply to #{number} was sent to the reporter."),
    msg(
        "signal_reporter_unreachable",
        "Your reply to #{number} is kept, but the reporter can no longer be reached.",
    ),
    msg(
        "signal_usage",
        "Use /signal 17 to look at signal 17, /signals for the list.",
    ),
    msg(
        "signal_wiped_note",
        "🧹 Signal #{number}: the content was wiped after the retention period.",
    ),
    msg(
        "signal_wiped",
        "🧹 The content was wiped after the retention period; only the count stays.",
    ),
    msg("signal_thread_header", "🧵 <b>Thread of #{number}</b>"),
    msg("signal_thread_line", "{when} · <b>{name}</b>: {text}"),
    msg("signal_thread_outcome", "{name} (closing)"),
    msg(
        "signals_usage",
        "I do not know that filter: {problem}\n"
        "Use: /signals [open|mine|closed|all] [theme=…] [wijk=…]",
    ),
    msg(
        "signals_file",
        "All matching signals: {count}. No contents, only the facts; keep this file safe.",
    ),
    msg("signals_file_name", "signals.csv"),
    msg(
        "signals_file_columns",
        "number,filed,theme,urgent,neighbourhood,status,taken by",
    ),
    msg("signals_none", "No signals found."),
    msg("signals_header", "📋 <b>Signals</b> ({count})"),
    msg(
        "signals_line",
        "{urgent}<b>#{number}</b> · {when} · {theme} · {wijk} · {state}",
    ),
    msg(
        "trends_usage",
        "Use /trends or /trends 12 (number of months, at most {limit}).",
    ),
    msg("trends_themes", "By theme"),
    msg("trends_wijken", "By neighbourhood"),
    msg("trends_total", "Total"),
    msg_n(
        "trends",
        "📈 <b>Signals per month</b> (last month)",
        "📈 <b>Signals per month</b> (last {count} months)",
    ),
    # Meetings
    msg("cmd_meeting", "Plan a meeting"),
    msg("cmd_meetings", "Upcoming meetings"),
    msg("cmd_news", "Send network news"),
    msg("meeting_usage", "Use /meeting to plan, /meeting 12 for meeting 12."),
    msg(
        "meeting_ask_title",
        "📅 <b>New meeting.</b> What is it called? (e.g. Network meeting)",
    ),
    msg("meeting_text_only", "Please type your answer as text."),
    msg(
        "meeting_when_format",
        "I do not understand that time. Examples: <code>28-11 19:30</code>, <code>sat "
        "19:30</code>, <code>2026-12-05 19:30</code>, <code>tomorrow 19:30</code>.",
    ),
    msg("meeting_when_past", "That time has passed. Choose a moment in the future."),
    msg(
        "meeting_when_nonexistent",
        "That time does not exist: the clocks go forward an hour then (summer time). Choose "
        "another time.",
    ),
    msg("meeting_when_end_before_start", "The end must come after the start."),
    msg(
        "meeting_when_too_long",
        "That is too far ahead or too long. Choose something closer.",
    ),
    msg(
        "meeting_when_rrule",
        "I do not understand that rule. Example: <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>.",
    ),
    msg(
        "meeting_when_rrule_long",
        "That repeat rule is too long: at most 200 characters. Example: "
        "<code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>.",
    ),
    msg(
        "meeting_when_rrule_never",
        "By that rule there would be no meeting at all in the next five years. Choose another, "
        "e.g. <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>.",
    ),
    msg("meeting_pin", "📍 location on the map"),
    msg(
        "meeting_ask_start",
        "When does it start? Choose below or type e.g. <code>28-11 19:30</code>, <code>sat "
        "19:30</code> or <code>2026-12-05 19:30</code>.",
    ),
    msg("btn_minutes", "{minutes} min"),
    msg(
        "meeting_ask_end",
        "How long is it? Choose, or type an end time (<code>21:30</code>) or a duration "
        "(<code>2h</code>).",
    ),
    msg("btn_meeting_no_place", "No location"),
    msg(
        "meeting_ask_place",
        "Where? Type the place, or share a location on the map (📎 → Location).",
    ),
    msg("btn_meeting_no_agenda", "No agenda"),
    msg(
        "meeting_ask_agenda",
        "What is on the agenda? Type the items, or choose 'No agenda'.",
    ),
    msg("meeting_ask_audience", "Who do you invite?"),
    msg("btn_meeting_everyone", "The whole network"),
    msg("btn_meeting_once", "Once"),
    msg_n(
        "btn_meeting_every",
        "Every week",
        "Every {count} weeks",
    ),
    msg("btn_meeting_rrule", "My own rule (RRULE)"),
    msg("meeting_ask_repeat", "Does this meeting repeat?"),
    msg(
        "meeting_ask_rrule",
        "Type the rule, e.g. <code>FREQ=WEEKLY;INTERVAL=6</code> or "
        "<code>FREQ=MONTHLY;BYDAY=1TH;COUNT=6</code>.",
    ),
    msg("btn_meeting_send", "📨 Send the invitations"),
    msg(
        "meeting_preview",
        "<b>This is the invitation</b> (with a calendar file):\n"
        "\n"
        "{invitation}\n"
        "\n"
        "Repeats: {repeat}\n"
        "For: {audience}",
    ),
    msg_n(
        "meeting_repeat_every",
        "every week",
        "every {count} weeks",
    ),
    msg("meeting_repeat_once", "once"),
    msg("meeting_everyone", "the whole network"),
    msg("meeting_dropped", "Planning stopped; nothing was sent."),
    msg_n(
        "meeting_planned",
        "📨 Meeting #{number} planned; the invitation goes to {count} person. See the answers "
        "with /meeting {number}.",
        "📨 Meeting #{number} planned; the invitation goes to {count} people. See the answers "
        "with /meeting {number}.",
    ),
    msg(
        "meeting_invitation",
        "📅 <b>Invitation: {title}</b>\n"
        "🕖 {when}\n"
        "📍 {location}{agenda}\n"
        "\n"
        "Are you coming? Answer with the buttons. Open the file to put the meeting in your "
        "calendar.",
    ),
    msg(
        "meeting_moved",
        "🔁 <b>Moved: {title}</b>\n"
        "New time: {when}\n"
        "📍 {location}\n"
        "\n"
        "Open the file to update your calendar. Are you still coming?",
    ),
    msg(
        "meeting_cancelled",
        "❌ <b>Cancelled: {title}</b>\n"
        "{when}\n"
        "\n"
        "Open the file to remove the meeting from your calendar.",
    ),
    msg(
        "meeting_reminder",
        "⏰ <b>Reminder: {title}</b>\n🕖 {when}\n📍 {location}",
    ),
    msg("meeting_no_location", "to follow"),
    msg(
        "meeting_agenda",
        "<b>Agenda</b>\n{agenda}",
    ),
    msg("btn_rsvp_yes", "✅ I'll come"),
    msg("btn_rsvp_maybe", "❔ Maybe"),
    msg("btn_rsvp_no", "❌ I can't"),
    msg("meeting_rsvp_yes", "Great, see you then!"),
    msg("meeting_rsvp_maybe", "Noted: maybe."),
    msg("meeting_rsvp_no", "A pity; noted that you can't come."),
    msg("meeting_closed", "Meeting #{number} was cancelled or has already started."),
    msg("meeting_not_invited", "This invitation is not for you."),
    msg(
        "meeting_coordinator_note",
        "📋 <b>Coming up: {title}</b> ({when})\n"
        "Coming ({yes}): {yes_names}\n"
        "Maybe ({maybe}): {maybe_names}\n"
        "No answer yet: {open}",
    ),
    msg_n(
        "meeting_nudge",
        "🌱 Nothing has gone to the network for {count} week. Plan a meeting (/meeting) or share "
        "good news (/news) to keep the network warm.",
        "🌱 Nothing has gone to the network for {count} weeks. Plan a meeting (/meeting) or share "
        "good news (/news) to keep the network warm.",
    ),
    msg("meetings_none", "There are no upcoming meetings. Plan one with /meeting."),
    msg(
        "meetings_header",
        "📅 <b>Upcoming meetings</b>\n{lines}",
    ),
    msg(
        "meetings_line",
        "<b>#{number}</b> {when} · {title} · ✅ {yes} ❔ {maybe} ❌ {no} · {invited} invited",
    ),
    msg("btn_meeting_who", "👥 Who is coming"),
    msg("btn_meeting_present", "✔️ Attendance"),
    msg("btn_meeting_move", "🕒 Move"),
    msg("btn_meeting_cancel", "❌ Cancel"),
    msg("btn_meeting_cancel_all", "❌ Cancel the whole series"),
    msg(
        "meeting_page",
        "📅 <b>#{number} {title}</b>\n"
        "{when} · {state}\n"
        "✅ {yes} ❔ {maybe} ❌ {no} · {invited} invited",
    ),
    msg("meeting_state_draft", "being planned"),
    msg("meeting_state_planned", "planned"),
    msg("meeting_state_cancelled", "cancelled"),
    msg(
        "meeting_ask_move",
        "What is the new start of #{number}? E.g. <code>sat 19:30</code>.",
    ),
    msg("btn_meeting_sure", "Yes, cancel"),
    msg(
        "meeting_cancel_confirm",
        "Cancel meeting #{number}? Everyone who said yes or maybe is told.",
    ),
    msg(
        "meeting_cancel_all_confirm",
        "Cancel #{number} and every later meeting of the series? Everyone who said yes or maybe "
        "is told.",
    ),
    msg_n(
        "meeting_cancelled_done",
        "Cancelled; {count} person is told.",
        "Cancelled; {count} people are told.",
    ),
    msg_n(
        "meeting_moved_done",
        "Meeting #{number} was moved; {count} person is told.",
        "Meeting #{number} was moved; {count} people are told.",
    ),
    msg(
        "meeting_who",
        "👥 <b>#{number} {title}</b>\n"
        "✅ Coming: {yes}\n"
        "❔ Maybe: {maybe}\n"
        "❌ Not: {no}\n"
        "… No answer yet: {open}",
    ),
    msg(
        "meeting_attendance",
        "Who was at #{number}? Tap a name to switch it on or off.",
    ),
    # News
    msg(
        "news_usage",
        "Use /news followed by the message, e.g. /news The street party was a success!",
    ),
    msg("btn_news_send", "📨 To the whole network"),
    msg(
        "news_preview",
        "<b>Network news</b> (silent, may be shared):\n\n{text}",
    ),
    msg("news_dropped", "Not sent."),
    msg_n(
        "news_sent",
        "📨 News #{number} goes to {count} person.",
        "📨 News #{number} goes to {count} people.",
    ),
    msg("news_header", "📰 <b>News from {network}</b> (#{number})"),
    # Working groups
    msg("cmd_workgroup", "Start a working group"),
    msg("cmd_workgroups", "Working groups"),
    msg(
        "workgroup_private_only",
        "Working groups are managed in your private chat with the bot, not here.",
    ),
    msg(
        "workgroup_usage",
        "Use /workgroup to start, /workgroup 3 for working group 3.",
    ),
    msg(
        "workgroup_ask_name",
        "👥 <b>New working group (#{number}).</b> What is it called?",
    ),
    msg("workgroup_ask_theme", "Which theme does it belong to?"),
    msg("workgroup_ask_purpose", "What is its purpose, in one sentence?"),
    msg("btn_wg_default_end", "Until {date}"),
    msg(
        "workgroup_ask_end",
        "Until when does it run? Choose, or type a date (<code>15-01</code>).",
    ),
    msg(
        "workgroup_instructions",
        "Almost done. A bot cannot create a group itself, so:\n"
        "1. Create a new group in Telegram, e.g. <b>{name}</b>.\n"
        "2. Add @{bot} and make the bot an <b>administrator</b> with the rights: invite users, "
        "ban users, delete messages and pin messages.\n"
        "As soon as that is done, I bind the group to working group #{number} and let you know.",
    ),
    msg("btn_wg_people", "➕ Invite members"),
    msg("btn_wg_guest", "🧳 Invite a guest from outside"),
    msg("btn_wg_who", "📋 Who is in"),
    msg("btn_wg_extend_short", "⏳ Extend"),
    msg("btn_wg_close_now", "🔚 Close now"),
    msg("btn_wg_close_at_end", "Close on the end date"),
    msg_n(
        "btn_wg_extend",
        "⏳ Extend by {count} week",
        "⏳ Extend by {count} weeks",
    ),
    msg(
        "workgroup_page",
        "👥 <b>#{number} {name}</b> · {state}\n"
        "{purpose}\n"
        "Until {end} · invited {invited} · in the group {joined}",
    ),
    msg("workgroup_state_draft", "being set up"),
    msg("workgroup_state_waiting", "waiting for the Telegram group"),
    msg("workgroup_state_active", "active"),
    msg("workgroup_state_closing", "closing"),
    msg("workgroup_state_closed", "closed (archive)"),
    msg(
        "workgroup_ask_people",
        "Whom do you invite to #{number}? Type names separated by commas, or <code>wijk: "
        "Name</code> or <code>theme: key</code>. Everyone gets a link of their own.",
    ),
    msg(
        "workgroup_ask_guest",
        "What is the name of the guest from outside the network?",
    ),
    msg("workgroup_extended", "Working group #{number} now runs until {end}."),
    msg("workgroup_closes_at_end", "Working group #{number} closes on {end}."),
    msg_n(
        "workgroup_closed_report",
        "Working group #{number} is closed; {count} person was removed from the group.",
        "Working group #{number} is closed; {count} people were removed from the group.",
    ),
    msg_n(
        "workgroup_closed_report_failures",
        "Working group #{number} is closed; {count} person removed. Failed for: {names}. Please "
        "remove them yourself.",
        "Working group #{number} is closed; {count} people removed. Failed for: {names}. Please "
        "remove them yourself.",
    ),
    msg("workgroup_guest", " (guest)"),
    msg("workgroup_seat_invited", "invited, not in the group yet"),
    msg("workgroup_seat_joined", "in the group"),
    msg("workgroup_seat_leaving", "being removed"),
    msg("workgroup_seat_gone", "not (or no longer) in the group"),
    msg(
        "workgroup_who",
        "📋 <b>#{number} {name}</b>\n{lines}",
    ),
    msg(
        "workgroup_people_invited",
        "{count} invited to #{number}: {names}\nNot found: {missing}",
    ),
    msg(
        "workgroup_guest_link",
        "Send this personal link to {name}. It works for one person: the guest reads what their "
        "data is for, agrees, and then gets a link of their own to the group.\n"
        "{link}",
    ),
    msg(
        "workgroups_none",
        "There are no running working groups. Start one with /workgroup.",
    ),
    msg(
        "workgroups_header",
        "👥 <b>Working groups</b>\n{lines}",
    ),
    msg("workgroups_line", "<b>#{number}</b> {name} · {state} · until {end}"),
    msg(
        "workgroup_link",
        "👥 You are invited to the working group <b>{name}</b> (until {end}).\n"
        "{purpose}\n"
        "\n"
        "Note: in a Telegram group, members see each other's names and, depending on your "
        "settings, your phone number. Only join if you are fine with that.\n"
        "\n"
        "Your own link (works only for you): {link}",
    ),
    msg(
        "workgroup_end_soon",
        "⏳ Working group <b>{name}</b> ends on {end}. What would you like?",
    ),
    msg(
        "workgroup_goodbye",
        "🔚 The working group <b>{name}</b> has ended. Thank you all! Everyone is now removed "
        "from this group.",
    ),
    msg_n(
        "workgroup_closed",
        "Working group <b>{name}</b> is closed; {count} person was removed from the group.",
        "Working group <b>{name}</b> is closed; {count} people were removed from the group.",
    ),
    msg_n(
        "workgroup_closed_failures",
        "Working group <b>{name}</b> is closed; {count} person removed. Failed for: {names}.",
        "Working group <b>{name}</b> is closed; {count} people removed. Failed for: {names}.",
    ),
    msg(
        "workgroup_already_bound",
        "That group is already bound to working group #{number} ({name}).",
    ),
    msg(
        "workgroup_bot_removed",
        "⚠️ The bot was removed from the group of working group #{number} ({name}) or is no "
        "longer an administrator. Without it nobody can be invited or removed.",
    ),
    msg("right_can_invite_users", "invite users"),
    msg("right_can_restrict_members", "ban users"),
    msg("right_can_delete_messages", "delete messages"),
    msg("right_can_pin_messages", "pin messages"),
    msg(
        "workgroup_rights_missing",
        "⚠️ The bot lacks rights in the group of working group #{number}: {rights}. Make the bot "
        "an administrator with those rights; then it continues by itself.",
    ),
    msg(
        "workgroup_rights_missing_group",
        "The bot still needs these administrator rights: {rights}.",
    ),
    msg(
        "workgroup_bound",
        "✅ Working group #{number} ({name}) is bound. Invite people with /workgroup {number}.",
    ),
    msg(
        "workgroup_not_for_me",
        "This bot only works in the coordinator's working groups and leaves this group.",
    ),
    msg(
        "workgroup_pinned",
        "📌 <b>Working group {name}</b>\n"
        "{purpose}\n"
        "\n"
        "This group runs until {end}. Then everyone is removed and the group closes.",
    ),
    msg(
        "workgroup_intruder_removed",
        "Someone without an invitation came into working group #{number} <b>{name}</b>: {who}. "
        "The bot removed them at once. Do they belong there? Let them in as a guest: you get a "
        "link to forward that only their account can use.",
    ),
    msg(
        "workgroup_intruder_stays",
        "Someone without an invitation came into working group #{number} <b>{name}</b>: {who}. "
        "The bot could not remove them yet and keeps trying: give it the right to ban members.",
    ),
    msg("btn_uninvited_let_in", "🧳 Let in as a guest"),
    msg("btn_uninvited_out", "🚫 Keep out"),
    msg(
        "workgroup_uninvited_kept_out",
        "Kept out: what the bot knew of this account is erased once they are out of the group.",
    ),
    msg(
        "workgroup_uninvited_let_in",
        "Forward this link to {name} (working group #{number}). Only their Telegram account can "
        "use it: they read what the group is for, agree, and then get their own link to the "
        "group.\n"
        "{link}",
    ),
    msg_n(
        "workgroup_unseen",
        "{count} member the bot never saw come in (added while it was not an administrator)",
        "{count} members the bot never saw come in (added while it was not an administrator)",
    ),
    msg(
        "workgroup_crowded",
        "The group you added the bot to already has {others} other members. Only people the bot "
        "invites may be in a working group, so I do not bind this group. Create a new group with "
        "only you in it and add the bot there; it then sends the members of working group "
        "#{number} a personal link itself.",
    ),
    msg(
        "workgroup_guest_waiting",
        "Thank you. The coordinator first confirms that you are the guest; then you get your "
        "personal link to the group.",
    ),
    msg(
        "workgroup_guest_confirm",
        "Guest for working group #{number} <b>{name}</b>: invited as <b>{invited}</b>, agreed by "
        "the Telegram account <b>{account}</b>. Is that the right person?",
    ),
    msg("btn_guest_right", "✅ Yes, send the link"),
    msg("btn_guest_wrong", "🚫 Not this person"),
    msg("workgroup_guest_confirmed", "Confirmed: the guest gets the link."),
    msg(
        "workgroup_guest_not_them",
        "Refused: no link goes out, what was kept is erased.",
    ),
    msg(
        "workgroup_members",
        "👥 In the group <b>{group}</b> ({count}):\n{lines}",
    ),
    msg(
        "workgroup_guest_closed",
        "This working group no longer exists or has been closed.",
    ),
    msg("btn_guest_agree", "✅ Agreed, I'll join"),
    msg("btn_guest_refuse", "No, thank you"),
    msg(
        "workgroup_guest_welcome",
        "You are invited as a guest to the working group <b>{name}</b> (until {end}).\n"
        "{purpose}\n"
        "\n"
        "We keep only your name and Telegram id, solely for this working group, and erase them "
        "at most 30 days after the end. In the group, members see each other's names. Will you "
        "join?",
    ),
    msg("workgroup_guest_refused", "Fine. Nothing about you has been kept."),
    msg(
        "workgroup_guest_private",
        "You are a guest in a working group; the work happens in the group itself. This bot has "
        "nothing else for guests. Questions? Contact the coordinator.",
    ),
    msg(
        "workgroup_guest_stopped",
        "You were taken out of the working group and what we kept is erased.",
    ),
    msg(
        "workgroup_guest_privacy",
        "You are a guest in a working group. We keep your name and Telegram id only for it, "
        "until at most 30 days after the end date:\n"
        "{lines}\n"
        "With /stop you leave and we erase it.",
    ),
    # The coordinator's picture: /network, /trends as a chart, /report
    msg("cmd_network", "The network's health at a glance"),
    msg("cmd_report", "Report for management (PDF)"),
    msg(
        "network_health",
        "🩺 <b>{network} today</b>\n"
        "Members – active: {active} · invited: {invited} · paused: {paused} · left: {left}\n"
        "Active – key persons: {key_persons} · background contacts: {contacts} · "
        "coordinators: {coordinators}\n"
        "\n"
        "<b>Coverage</b> (neighbourhood × theme with someone active): {covered} of {pairs}\n"
        "<b>Quiet</b> (no acknowledgement, RSVP or signal for 3 months): {quiet}\n"
        "\n"
        "<b>Alerts</b> (the last {alerts}): median time to acknowledge {median_ack}; "
        "acknowledged: {ack_share}\n"
        "<b>Signals</b> (3 months): filed: {filed} · answered: {answered}; median time to the "
        "first answer {median_answer}\n"
        "<b>Meetings</b> (3 months): held: {held} · invited: {invited_people} · said yes: {yes} · "
        "came: {attended} (registered for {registered})",
    ),
    msg("network_no_value", "–"),
    msg("btn_network_quiet", "😶 Quiet members ({count})"),
    msg("btn_network_empty", "🗺 Nobody active for … ({count})"),
    msg("network_quiet_header", "😶 <b>Quiet for 3 months</b> ({count})"),
    msg("network_quiet_line", "• {name} – last response: {last}"),
    msg("network_quiet_none", "Everyone has responded in the last 3 months."),
    msg(
        "network_empty_header",
        "🗺 <b>Nobody active for</b> ({count}). Tap one to invite someone for it:",
    ),
    msg("network_empty_line", "• {wijk} · {theme}"),
    msg("network_empty_none", "Every neighbourhood has someone active for every theme."),
    msg("btn_network_invite", "➕ {wijk} · {theme}"),
    msg(
        "network_invite_prompt",
        "Who do you invite for <b>{wijk} · {theme}</b>? Type their name; the invitation "
        "suggests this neighbourhood and theme.",
    ),
    msg("chart_coverage", "Active members per neighbourhood and theme"),
    msg("chart_acks", "How fast the last alerts were acknowledged"),
    msg("chart_ack_minutes", "Median minutes to acknowledge"),
    msg("chart_ack_share", "Acknowledged"),
    msg("chart_trends", "Signals per month"),
    msg("chart_by_theme", "By theme"),
    msg("chart_by_wijk", "By neighbourhood"),
    msg("chart_other", "Other"),
    msg("chart_nobody", "nobody"),
    msg(
        "trends_table_follows",
        "The same figures as a table, for screen readers:",
    ),
    msg("report_title", "{network}"),
    msg("report_subtitle", "Report {first} – {last}"),
    msg(
        "report_anonymous",
        "Made on {date}. Anonymous: no names and no signal texts; a number below {min_count} "
        "is shown as “&lt; {min_count}”, so nobody can be singled out.",
    ),
    msg("report_members", "Members (on the day the report was made)"),
    msg("report_active", "Active"),
    msg("report_invited", "Invited, not yet joined"),
    msg("report_key_persons", "Active key persons"),
    msg("report_contacts", "Active background contacts"),
    msg("report_joined", "Joined in this period"),
    msg("report_left", "Left in this period"),
    msg("report_signals", "Signals"),
    msg("report_filed", "Signals filed"),
    msg("report_answered", "Signals answered by a coordinator"),
    msg("report_median_answer", "Median time to the first answer"),
    msg("report_alerts", "Alerts and their reach"),
    msg("report_alerts_sent", "Alerts sent"),
    msg("report_news_sent", "Network news sent"),
    msg("report_copies", "Copies to members"),
    msg("report_delivered", "Delivered"),
    msg("report_acknowledged", "Acknowledged"),
    msg("report_passed_on", "Passed on to their community"),
    msg("report_questions", "Questions back"),
    msg("report_median_ack", "Median time to acknowledge"),
    msg("report_meetings", "Meetings and attendance"),
    msg("report_held", "Meetings held"),
    msg("report_meeting_invited", "Invitations"),
    msg("report_said_yes", "Said yes"),
    msg("report_came", "Came (where attendance was registered)"),
    msg("report_workgroups", "Working groups"),
    msg("report_started", "Started"),
    msg("report_closed", "Closed"),
    msg("report_seats", "Invited"),
    msg("report_seats_joined", "Joined their group"),
    msg("report_coverage_note", "Coverage on the day the report was made."),
    msg("report_news", "What the network achieved (network news)"),
    msg("report_no_news", "No network news in this period."),
    msg("report_not_shown", "not shown (too few)"),
    msg("report_file_name", "report.pdf"),
    msg("report_caption", "Report {first} – {last}: anonymous, for management and the funder."),
    msg(
        "report_usage",
        "Usage: /report (the last 6 months) or /report 2026-01-01 2026-06-30 (at most {months} "
        "months).",
    ),
    msg("nudge_quiet", "😶 Quiet for 3 months: {names}."),
    msg("nudge_empty", "🗺 Nobody active for these; tap one to invite someone for it:"),
    msg("nudge_empty_line", '• <a href="{link}">{wijk} · {theme}</a>'),
    msg("network_invite_done", "The invitation suggests {wijk} · {theme}."),
    msg("chart_failed", "The picture could not be drawn just now. Try again in a minute."),
)
