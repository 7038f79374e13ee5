"""Dutch catalog (the default language). Values are Telegram HTML templates."""

MESSAGES: dict[str, str] = {
    # Strangers and invitations
    "stranger": (
        "Hallo! Dit is de bot van <b>{network}</b>. Meedoen kan alleen op uitnodiging.\n"
        "Heb je een uitnodiging gekregen? Open dan de link uit die uitnodiging.\n"
        "Over jou is niets opgeslagen."
    ),
    "left_member": (
        "Je bent uitgeschreven bij <b>{network}</b> en ontvangt niets meer.\n"
        "Wil je weer meedoen? Vraag de netwerkregisseur om een nieuwe uitnodiging."
    ),
    "invite_unknown": (
        "Deze uitnodigingslink klopt niet. Controleer of je de hele link hebt geopend, "
        "of vraag de netwerkregisseur om een nieuwe. Over jou is niets opgeslagen."
    ),
    "invite_expired": (
        "Deze uitnodigingslink is verlopen. Vraag de netwerkregisseur om een nieuwe. "
        "Over jou is niets opgeslagen."
    ),
    "invite_used": (
        "Deze uitnodigingslink is al gebruikt. Een uitnodiging werkt maar voor één persoon. "
        "Vraag de netwerkregisseur om een eigen uitnodiging. Over jou is niets opgeslagen."
    ),
    "already_member": "Je bent al lid van <b>{network}</b>. Typ /help om te zien wat je kunt doen.",
    # Onboarding
    "welcome": (
        "Welkom, {name}! Je bent uitgenodigd voor <b>{network}</b>.\n\n"
        "Het netwerk verbindt sleutelpersonen uit wijken en gemeenschappen met de "
        "netwerkregisseur van de gemeente. Via deze bot kun je signalen doorgeven, ontvang je "
        "berichten als er iets speelt en uitnodigingen voor bijeenkomsten.\n\n"
        "<b>Wat de bot bewaart:</b> je naam, je Telegram-nummer, je taal, je wijk(en), je "
        "toestemmingen en wat je zelf aan het netwerk stuurt. Alleen de netwerkregisseur ziet "
        "dit. Andere leden zien niet wie er in het netwerk zit.\n\n"
        "<b>Privacyverklaring (versie {version})</b>\n{notice}"
    ),
    "btn_continue": "Verder",
    "btn_done": "Klaar",
    "consent_intro": (
        "<b>Toestemming</b>\n"
        "Het netwerk werkt per onderwerp. Je krijgt alleen berichten over onderwerpen waarvoor je "
        "toestemming geeft. Tik op een onderwerp om toestemming te geven volgens de "
        "privacyverklaring (versie {version}). Je kunt dit altijd intrekken met /stop."
    ),
    "btn_consent": "Ik doe mee: {theme}",
    "btn_consented": "✓ {theme}",
    "btn_chosen": "✓ {item}",
    "consent_recorded": "Toestemming vastgelegd: {theme}",
    "consent_already": "Je had al toestemming gegeven voor: {theme}",
    "consent_needed": "Geef eerst toestemming voor minstens één onderwerp.",
    "wijk_intro": (
        "<b>Wijk</b>\nIn welke wijk(en) ben je actief? Tik om aan of uit te zetten en daarna op "
        "Klaar. Geen wijk? Tik meteen op Klaar."
    ),
    "onboarding_done": (
        "Je bent nu lid van <b>{network}</b>. Dank je wel!\nTyp /help om te zien wat je kunt doen."
    ),
    "finish_onboarding_first": (
        "Je aanmelding is nog niet af. Geef eerst toestemming in het bericht hierboven, "
        "of typ /stop als je niet wilt meedoen."
    ),
    # Help
    "help_member": (
        "<b>{network}</b>\n"
        "/help – deze uitleg\n"
        "/privacy – wat we over je bewaren en de privacyverklaring\n"
        "/language – taal kiezen\n"
        "/stop – toestemming intrekken en uitschrijven\n\n"
        "Vragen over het netwerk? Neem contact op met de netwerkregisseur."
    ),
    "help_coordinator": (
        "\n\n<b>Voor de netwerkregisseur</b>\n"
        "/invite Naam – uitnodigingslink maken\n"
        "/people – leden bekijken (filter: wijk=…, thema=…, status=…, rol=…)"
    ),
    "help_invited": "Je aanmelding is nog niet af. Typ /start met je uitnodigingslink, of /stop.",
    # Language
    "language_prompt": "Kies je taal.",
    "language_set": "De taal is nu Nederlands.",
    # Privacy
    "privacy": (
        "<b>Privacyverklaring (versie {version})</b>\n{notice}\n\n"
        "<b>Wat we over jou bewaren</b>\n"
        "Naam: {name}\nRol: {role}\nStatus: {status}\nTaal: {language}\n"
        "Wijk(en): {wijken}\nOrganisatie: {organisation}\nLid sinds: {joined}\n"
        "Toestemmingen:\n{consents}\n\n"
        "Alleen de netwerkregisseur ziet deze gegevens. Typ /stop om je toestemming in te "
        "trekken."
    ),
    "privacy_consent_line": "• {theme}: {state} op {date} (versie {version})",
    "consent_granted": "gegeven",
    "consent_withdrawn": "ingetrokken",
    "none": "geen",
    "not_yet": "nog niet",
    # Stop
    "stop_confirm": (
        "Weet je zeker dat je wilt stoppen? Je toestemming wordt ingetrokken en je ontvangt "
        "niets meer van het netwerk."
    ),
    "btn_stop_yes": "Ja, stop",
    "btn_stop_no": "Nee, toch niet",
    "stopped": (
        "Je bent uitgeschreven en je toestemming is ingetrokken. Je ontvangt niets meer.\n"
        "Wil je later weer meedoen? Dan heb je een nieuwe uitnodiging nodig."
    ),
    "stop_cancelled": "Goed, je blijft lid.",
    # Generic answers
    "unknown_command": "Dat commando ken ik niet. Typ /help voor een overzicht.",
    "not_understood": (
        "Ik heb je bericht niet opgeslagen: ik begrijp alleen de commando's uit /help."
    ),
    "text_only": "Ik kan hier alleen tekst en commando's verwerken. Typ /help voor een overzicht.",
    "too_long": "Je bericht is te lang ({length} tekens, maximaal {limit}).",
    "stale_button": "Deze knop werkt niet meer.",
    "not_allowed": "Dat kan alleen de netwerkregisseur.",
    "error_generic": "Er ging iets mis. Probeer het later nog eens.",
    # Coordinator: invites
    "invite_usage": "Gebruik: /invite Naam (bijvoorbeeld /invite Fatima Yilmaz).",
    "invite_created": (
        "Uitnodiging voor <b>{name}</b> ({role}), geldig tot {expires}:\n{link}\n\n"
        "Stuur deze link alleen aan {name}. Hij werkt één keer."
    ),
    "invite_role_set": "Uitnodiging voor {name} is nu voor: {role}",
    "btn_make_role": "Maak {role}",
    # Coordinator: people
    "people_header": "<b>Leden gevonden: {count}</b>{filters}",
    "people_line": "• {name} – {role}, {status}{wijken}{themes}",
    "people_none": "Niemand gevonden{filters}.",
    "people_usage": (
        "Onbekend filter: {problem}\n"
        "Gebruik: /people [wijk=Naam] [thema=sleutel] [status=active|invited|paused|left] "
        "[rol=key_person|background_contact|coordinator]"
    ),
    # Roles and statuses
    "role_key_person": "sleutelpersoon",
    "role_background_contact": "achtergrondcontact",
    "role_coordinator": "netwerkregisseur",
    "status_invited": "uitgenodigd",
    "status_active": "actief",
    "status_paused": "gepauzeerd",
    "status_left": "uitgeschreven",
    # Alerts: errors
    "alert_text_empty": "Een bericht zonder tekst kan niet verstuurd worden. Stuur de tekst.",
    "alert_text_too_long": (
        "De tekst is {length} tekens lang; maximaal {limit} past in één bericht. "
        "Maak hem korter en stuur hem opnieuw."
    ),
    "alert_audience_empty": (
        "Niemand past bij deze keuze (actief, met toestemming). Er is niets verstuurd. "
        "Kies een andere groep."
    ),
    "alert_not_draft": "Bericht #{number} is al bevestigd, gestopt of ingetrokken.",
    "alert_unknown": "Er is geen bericht #{number}.",
    # Alerts: what recipients see
    "alert_header": "📢 <b>Bericht van {network}</b> (#{number})",
    "alert_header_urgent": "🚨 <b>Dringend bericht van {network}</b> (#{number})",
    "alert_shareable": "Mag gedeeld worden met je achterban. Tik op de tekst om hem te kopiëren:",
    "alert_internal": "🔒 Alleen voor jou – niet doorsturen.",
    "btn_ack_received": "✅ Ontvangen",
    "btn_ack_passed": "📣 Doorgegeven",
    "btn_ack_question": "❓ Vraag",
    "alert_reminder": (
        "⏰ Herinnering: wil je laten weten dat je bericht #{number} van {network} hebt "
        "ontvangen? Tik op een knop."
    ),
    # Alerts: the coordinator's live status
    "alert_status": (
        "📊 <b>Bericht #{number}</b> – {state}\n"
        "Ontvangers: {total}\n"
        "✅ verzonden {sent} · ⏳ wachtend {pending}\n"
        "🚫 geblokkeerd {blocked} · ❔ niet gevonden {not_found} · ⚠️ mislukt {failed}\n"
        "⏭ overgeslagen {skipped} · ✋ gestopt {cancelled}\n"
        "👍 ontvangen {acked} · 📣 doorgegeven {passed_on} · ❓ vragen {questions}"
    ),
    "alert_state_draft": "concept",
    "alert_state_queued": "wordt verzonden",
    "alert_state_sent": "verzonden",
    "alert_state_cancelled": "gestopt",
    "alert_state_retracted": "ingetrokken",
    "btn_alert_unacked": "Wie heeft niet bevestigd?",
    "btn_alert_cancel": "Stop verzenden",
    "btn_alert_edit": "Tekst verbeteren",
    "btn_alert_retract": "Intrekken",
    "alert_blocked_summary": (
        "Bericht #{number}: deze personen hebben de bot geblokkeerd of hun account verwijderd "
        "en krijgen niets meer: {names}"
    ),
    "alert_reminders_sent": (
        "Bericht #{number}: {count} herinnering(en) verstuurd aan wie niet bevestigde."
    ),
    # Date formats (strftime)
    "date_format": "%d-%m-%Y",
    "datetime_format": "%d-%m-%Y %H:%M",
    # Errors to the admin chat
    "admin_error": "Fout bij het verwerken van update {update_id}: {error}. Zie het log.",
    # Command descriptions (the menu)
    "cmd_help": "Uitleg",
    "cmd_privacy": "Wat we bewaren",
    "cmd_language": "Taal kiezen",
    "cmd_stop": "Uitschrijven",
    "cmd_invite": "Uitnodiging maken",
    "cmd_people": "Leden bekijken",
}
