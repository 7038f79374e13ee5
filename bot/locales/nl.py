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
    "invite_opened": (
        "De uitnodiging voor <b>{invited}</b> is geopend door het Telegram-account "
        "<b>{account}</b>. Is dat niet deze persoon? Druk dan op de knop: het account "
        "verdwijnt meteen uit het netwerk en alles wordt gewist."
    ),
    "btn_wrong_person": "🚫 Niet deze persoon: intrekken",
    "invite_wrong_person_done": "Ingetrokken: het account is uit het netwerk en gewist.",
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
        "/signal – iets melden aan de netwerkregisseur (of typ gewoon je bericht)\n"
        "/privacy – wat we over je bewaren en de privacyverklaring\n"
        "/mydata – een bestand met alles wat we over je bewaren\n"
        "/language – taal kiezen\n"
        "/quiet 23:00-07:00 – stille uren: gewone berichten komen dan zonder geluid\n"
        "/stop – toestemming intrekken en uitschrijven\n\n"
        "Vragen over het netwerk? Neem contact op met de netwerkregisseur."
    ),
    "help_coordinator": (
        "\n\n<b>Voor de netwerkregisseur</b>\n"
        "/invite Naam – uitnodigingslink maken\n"
        "/people – leden bekijken (filter: wijk=…, thema=…, status=…, rol=…)\n"
        "/whois Naam – kaart van één lid: status, wijken, thema's, laatste reactie\n"
        "/alert – bericht aan het netwerk opstellen\n"
        "/alerts – recente berichten; /alert 12 – status van bericht 12\n"
        "/templates – sjablonen voor terugkerende berichten\n"
        "/signals – signalen (open, mijn, gesloten, thema=…, wijk=…); /signal 17 – één signaal\n"
        "/trends – signalen per thema en wijk per maand\n"
        "/meeting – bijeenkomst plannen; /meetings – komende bijeenkomsten\n"
        "/news tekst – netwerknieuws (stil, mag gedeeld worden)\n"
        "/workgroup – tijdelijke werkgroep starten; /workgroups – lopende werkgroepen"
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
        "Toestemmingen:\n{consents}\n"
        "Signalen die je stuurde: {signals} (bewaard tot {retention} na afsluiten)\n\n"
        "Alleen de netwerkregisseur ziet deze gegevens. Alles wat we over je bewaren, ook je "
        "signalen en je antwoorden op berichten, krijg je als bestand met /mydata. Typ /stop om "
        "je toestemming in te trekken."
    ),
    "privacy_erased": (
        "<b>Privacyverklaring (versie {version})</b>\n{notice}\n\n"
        "<b>Wat we over jou bewaren</b>\n"
        "Je bent gestopt en je gegevens zijn gewist. Alleen het bewijs van je toestemmingen "
        "(thema, versie van de privacyverklaring en tijden) bewaren we, onder een pseudoniem "
        "in plaats van je Telegram-id, tot {until}. Daarna wissen we ook dat."
    ),
    "privacy_consent_line": "• {theme}: {state} op {date} (versie {version})",
    "consent_granted": "gegeven",
    "days": "{count} dagen",
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
    "error_unavailable": (
        "De bot kan je bericht nu even niet verwerken. Probeer het over een paar minuten opnieuw."
    ),
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
    "people_range": " · {first}–{last}",
    "btn_people_prev": "◀ Vorige",
    "btn_people_next": "Volgende ▶",
    "btn_people_file": "📄 Hele lijst als bestand",
    "people_file": (
        "De hele lijst: {count} personen. Bewaar dit bestand zorgvuldig; er staan "
        "persoonsgegevens in."
    ),
    "people_file_name": "personen.csv",
    "people_file_columns": "naam,Telegram-account,rol,status,wijken,thema's",
    "people_none": "Niemand gevonden{filters}.",
    "invite_import_done": (
        "<b>{count} uitnodigingen</b> in dit bestand: per persoon een eigen link, die één keer "
        "werkt. Stuur elke link alleen aan die persoon en verwijder het bestand daarna. "
        "Overgeslagen (al uitgenodigd of al lid), regels: {skipped}."
    ),
    "invite_import_refused": (
        "<b>Niemand uitgenodigd.</b> Verbeter het bestand en stuur het opnieuw:"
    ),
    "invite_import_too_big": "Dat bestand is groter dan {kb} kB; splits het op.",
    "invite_import_file_name": "uitnodigingen.csv",
    "whois_usage": "Typ /whois gevolgd door (een deel van) een naam, bijvoorbeeld /whois Fatima.",
    "whois_none": "Niemand gevonden met „{name}” in de naam.",
    "whois_card": (
        "<b>{name}</b>\nRol: {role} · {status}\nWijk(en): {wijken}\nThema's: {themes}\n"
        "Laatste reactie: {last}"
    ),
    "whois_more": "En nog {count} andere(n) met die naam: typ meer van de naam.",
    "whois_nothing": "geen",
    "whois_never": "nog nooit (geen bevestiging, aanmelding of signaal)",
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
    # Alerts: composing (coordinator)
    "alert_usage": (
        "Gebruik: /alert om een bericht op te stellen, of /alert 12 voor de status van bericht 12."
    ),
    "alert_compose_text": (
        "<b>Nieuw bericht #{number}</b>\n"
        "Stuur de tekst van het bericht, of stuur een bericht door. Schrijf in het {language}; "
        "je kunt daarna een tekst in een andere taal toevoegen. De tekst wordt verstuurd zoals "
        "je hem typt (als gewone tekst)."
    ),
    "alert_text_saved": (
        "Tekst opgeslagen (talen: {languages}). Ontvangers krijgen de tekst in hun eigen taal, "
        "anders in de standaardtaal. Nog een taal toevoegen, of verder?"
    ),
    "btn_alert_add_language": "Tekst toevoegen: {language}",
    "alert_language_prompt": "Stuur nu de tekst in deze taal: {language}.",
    "btn_cancel": "Annuleren",
    "alert_draft_cancelled": "Concept verwijderd. Er is niets verstuurd.",
    "alert_audience_prompt": (
        "<b>Aan wie?</b>\nAlleen actieve leden met toestemming krijgen het bericht; bij een "
        "thema alleen wie voor dat thema toestemming gaf."
    ),
    "btn_audience_all": "Iedereen",
    "btn_audience_wijk": "Per wijk",
    "btn_audience_theme": "Per thema",
    "btn_audience_tag": "Per label",
    "btn_audience_people": "Personen",
    "alert_wijk_prompt": "Kies een of meer wijken en tik op Klaar.",
    "alert_theme_prompt": (
        "Kies het thema. Alleen wie voor dit thema toestemming gaf, krijgt het bericht."
    ),
    "alert_tag_prompt": "Kies een of meer labels en tik op Klaar.",
    "alert_no_tags": "Er zijn nog geen labels. Kies een andere groep.",
    "alert_choose_one": "Kies er minstens één.",
    "alert_people_prompt": (
        "Typ de namen, gescheiden door komma's (bijvoorbeeld: Fatima Yilmaz, Ali Bakker)."
    ),
    "alert_people_none": "Niemand gevonden met deze namen: {names}. Typ de namen opnieuw.",
    "alert_people_found": "Ontvangers: {found}{missing}",
    "alert_people_missing": "\nNiet gevonden (of niet actief): {names}",
    "alert_options_prompt": (
        "<b>Opties</b>\nTik op een optie om te wisselen. Kies daarna: nu versturen of later."
    ),
    "btn_opt_normal": "Geluid: normaal",
    "btn_opt_urgent": "🔔 Dringend",
    "btn_opt_silent": "🔕 Stil",
    "btn_opt_internal": "🔒 Intern – niet doorsturen",
    "btn_opt_shareable": "📣 Mag gedeeld worden met de achterban",
    "btn_opt_remind_off": "Herinnering als niet bevestigd: uit",
    "btn_opt_remind": "Herinnering als niet bevestigd: na {minutes} min",
    "btn_send_now": "Nu versturen",
    "btn_send_later": "Later…",
    "alert_time_prompt": (
        "Wanneer moet het bericht weg? Typ een tijd ({timezone}), bijvoorbeeld 19:30 (vandaag, "
        "of morgen als het al later is), 28-11 19:30 of 2026-12-05 19:30."
    ),
    "alert_time_invalid": (
        "Die tijd begrijp ik niet. Voorbeelden: 19:30, 28-11 19:30 of 2026-12-05 19:30."
    ),
    "alert_time_past": (
        "{when} is al voorbij. Kies een tijd in de toekomst, bijvoorbeeld 19:30, 28-11 19:30 "
        "of 2026-12-05 19:30."
    ),
    "alert_summary": (
        "<b>Voorbeeld hierboven</b>: zo ziet het bericht eruit.\n"
        "Ontvangers: <b>{count}</b> ({audience})\n"
        "Geluid: {sound}\nLabel: {label}\nHerinnering: {remind}\nVersturen: {when}\n"
        "Talen: {languages}\n\nEr is nog niets verstuurd."
    ),
    "alert_audience_all": "iedereen",
    "alert_audience_wijk": "wijk: {values}",
    "alert_audience_theme": "thema: {values}",
    "alert_audience_tag": "label: {values}",
    "alert_audience_people": "personen: {values}",
    "alert_sound_normal": "normaal (stil tijdens iemands stille uren)",
    "alert_sound_urgent": "dringend (altijd geluid)",
    "alert_sound_silent": "stil",
    "alert_label_shareable": "mag gedeeld worden met de achterban",
    "alert_label_internal": "intern, niet doorsturen",
    "alert_remind_off": "uit",
    "alert_remind_after": "na {minutes} minuten",
    "alert_when_now": "nu",
    "btn_alert_send": "✅ Verstuur naar {count} ontvanger(s)",
    "btn_alert_save_template": "Bewaar als sjabloon",
    "alert_confirmed": "Bericht #{number} gaat naar {count} ontvanger(s).",
    "alert_scheduled": "Bericht #{number} wordt verstuurd op {when}.",
    "alert_template_name_prompt": "Hoe heet het sjabloon? Typ een korte naam.",
    "alert_template_saved": "Sjabloon bewaard: {name}",
    "templates_header": (
        "<b>Sjablonen</b>\nTik op een sjabloon om er een nieuw bericht mee te beginnen."
    ),
    "templates_none": (
        "Er zijn nog geen sjablonen. Bewaar er een vanuit het voorbeeld van een bericht (/alert)."
    ),
    "btn_template_use": "Gebruik: {name}",
    "alert_from_template": "<b>Nieuw bericht #{number}</b> met de tekst van sjabloon: {name}",
    # Alerts: overview and managing (coordinator)
    "alerts_header": "<b>Recente berichten</b>\n{lines}\n\nDetails en knoppen: /alert nummer",
    "alerts_none": "Er zijn nog geen berichten. Begin er een met /alert.",
    "alerts_line_draft": "• #{number} – concept, wordt opgesteld door {name}",
    "alerts_line": (
        "• #{number} – {state} ({when}, door {name}): {sent}/{total} verzonden, {acked} bevestigd"
    ),
    "alert_unacked": "Bericht #{number}: nog niet bevestigd ({count}): {names}",
    "alert_all_acked": "Bericht #{number}: iedereen die het kreeg heeft bevestigd.",
    "alert_cancel_done": (
        "Verzenden van bericht #{number} is gestopt. {count} ontvanger(s) krijgen het niet meer."
    ),
    "alert_edit_prompt": (
        "Stuur de verbeterde tekst van bericht #{number} (in het {language}). Die vervangt de "
        "tekst overal waar het bericht al is aangekomen."
    ),
    "alert_edit_done": (
        "Tekst van bericht #{number} verbeterd. {count} verstuurde bericht(en) worden aangepast."
    ),
    "alert_edit_stopped": "Goed, de tekst van bericht #{number} blijft zoals hij is.",
    "alert_retract_confirm": (
        "Bericht #{number} intrekken? Het wordt verwijderd bij iedereen die het in de afgelopen "
        "48 uur kreeg, en wat nog niet verstuurd is, gaat niet meer weg."
    ),
    "btn_retract_yes": "Ja, intrekken",
    "btn_retract_no": "Nee",
    "alert_retract_kept": "Goed, bericht #{number} blijft staan.",
    "alert_retract_done": (
        "Bericht #{number} is ingetrokken. {count} bericht(en) worden verwijderd."
    ),
    "alert_retract_too_old": (
        "Let op: {count} bericht(en) van #{number} zijn ouder dan 48 uur. Die kan Telegram niet "
        "meer verwijderen; laat die ontvangers zelf weten dat het bericht niet meer geldt."
    ),
    # Alerts: feedback from recipients
    "alert_ack_thanks": "Dank je, genoteerd.",
    "alert_question_prompt": (
        "Typ je vraag over bericht #{number}. Die gaat alleen naar de netwerkregisseur."
    ),
    "alert_question_entry": "❓ Vraag over bericht #{number}:",
    # Quiet hours
    "quiet_set": (
        "Je stille uren: {hours}. Gewone berichten komen dan zonder geluid binnen; dringende "
        "berichten maken altijd geluid."
    ),
    "quiet_off": "Stille uren staan uit. Berichten komen altijd met geluid binnen.",
    "quiet_show": ("Je stille uren: {hours}. Wijzigen: /quiet 23:00-07:00, uitzetten: /quiet off."),
    "quiet_none": "Je hebt geen stille uren. Instellen: /quiet 23:00-07:00",
    "quiet_usage": (
        "Dat begrijp ik niet. Voorbeeld: /quiet 23:00-07:00, of /quiet off om ze uit te zetten."
    ),
    # Date formats (strftime)
    "date_format": "%d-%m-%Y",
    "datetime_format": "%d-%m-%Y %H:%M",
    # Errors to the admin chat
    "admin_error": "Fout bij het verwerken van update {update_id}: {error}. Zie het log.",
    "admin_error_more": (
        "Fout bij het verwerken van update {update_id}: {error}. Zie het log. Sinds de vorige "
        "melding van deze soort nog {more} keer (één melding per soort per 10 minuten)."
    ),
    # Command descriptions (the menu)
    "cmd_help": "Uitleg",
    "cmd_privacy": "Wat we bewaren",
    "cmd_mydata": "Mijn gegevens als bestand",
    "mydata_title": "Alles wat {network} over jou bewaart",
    "mydata_made": "Gemaakt op {when} (privacyverklaring versie {version})",
    "mydata_section_profile": "Je gegevens",
    "mydata_section_dialogue": "Waar je gesprek met de bot over gaat",
    "mydata_section_consents": "Toestemmingen",
    "mydata_section_neighbourhoods": "Wijken",
    "mydata_section_invitation": "Je uitnodiging",
    "mydata_section_tags": "Labels",
    "mydata_section_audit": "Logboek over jou",
    "mydata_section_alerts_received": "Berichten die je kreeg",
    "mydata_section_meetings_invited": "Bijeenkomsten",
    "mydata_section_signals_reported": "Signalen die je stuurde",
    "mydata_section_working_groups": "Werkgroepen",
    "mydata_yes": "ja",
    "mydata_no": "nee",
    "mydata_nothing": "(niets)",
    "mydata_caption": (
        "Dit is alles wat we over je bewaren: leesbaar (.txt) en voor een computer (.json). "
        "Bewaar het goed: wie het bestand heeft, kan het lezen."
    ),
    "cmd_language": "Taal kiezen",
    "cmd_stop": "Uitschrijven",
    "cmd_invite": "Uitnodiging maken",
    "cmd_people": "Leden bekijken",
    "cmd_whois": "Kaart van één lid",
    "cmd_quiet": "Stille uren",
    "cmd_alert": "Bericht opstellen",
    "cmd_alerts": "Recente berichten",
    "cmd_templates": "Sjablonen",
    # Signals: reporting
    "cmd_signal": "Signaal doorgeven",
    "cmd_signals": "Signalen",
    "cmd_trends": "Trends in signalen",
    "signal_prompt": (
        "Typ wat je wilt melden, of stuur een foto, bestand, spraakbericht of locatie. "
        "Alleen de netwerkregisseurs zien het."
    ),
    "signal_not_allowed": "Signalen doorgeven kan alleen als actief lid van het netwerk.",
    "signal_unsupported": (
        "Dit soort bericht kan ik niet doorgeven. Stuur tekst, een foto, een bestand, "
        "een spraakbericht of een locatie. Er is niets opgeslagen."
    ),
    "signal_form": (
        "📝 <b>Nieuw signaal</b> (nog niet verstuurd)\n"
        "Thema: {theme}\n"
        "Urgentie: {urgency}\n"
        "Wijk: {wijk}\n"
        "Je naam: {name}\n"
        "Berichten: {parts}\n\n"
        "Pas eventueel iets aan en druk op <b>Versturen</b>. Stuur je nog iets, dan komt het "
        "erbij. Over {minutes} minuten gaat het vanzelf naar de netwerkregisseur."
    ),
    "signal_form_name_shown": "mag worden doorgegeven aan partners",
    "signal_form_name_hidden": "🙈 niet doorgeven aan partners",
    "signal_form_filed": "📨 Verstuurd als signaal #{number}.",
    "signal_urgency_normal": "normaal",
    "signal_urgency_urgent": "‼️ urgent",
    "signal_no_theme": "geen thema",
    "signal_no_wijk": "geen wijk",
    "btn_signal_normal": "Normaal",
    "btn_signal_urgent": "‼️ Urgent",
    "btn_signal_wijk": "📍 Wijk: {wijk}",
    "btn_signal_name_shown": "🙈 Naam niet doorgeven",
    "btn_signal_name_hidden": "👤 Naam mag doorgegeven worden",
    "btn_signal_send": "✅ Versturen",
    "btn_back": "⬅️ Terug",
    "btn_signal_add": "➕ Iets toevoegen aan #{number}",
    "signal_sent": "Verstuurd als signaal #{number}.",
    "signal_cancelled": "Signaal geannuleerd. Er is niets bewaard.",
    "signal_receipt": (
        "✅ Je signaal is ontvangen als <b>#{number}</b>. Alleen de netwerkregisseurs zien het; "
        "je hoort van ons.\nIets toevoegen? Druk op de knop of antwoord op dit bericht."
    ),
    "signal_added": "➕ Toegevoegd aan je signaal #{number}.",
    "signal_add_prompt": "Stuur wat je wilt toevoegen aan signaal #{number}.",
    "signal_status_draft": "Signaal #{number} is nog niet verstuurd.",
    "signal_status_open": "Signaal #{number} is ontvangen en wacht op de netwerkregisseur.",
    "signal_status_taken": "Signaal #{number} wordt opgepakt door de netwerkregisseur.",
    "signal_status_closed": "Signaal #{number} is afgesloten.",
    "signal_unknown": "Er is geen signaal #{number} dat je kunt bekijken.",
    "signal_too_long": (
        "Je bericht is te lang ({length} tekens, hoogstens {limit}). Verdeel het over een paar "
        "berichten. Er is niets opgeslagen."
    ),
    "signal_rate_limited": (
        "Je hebt het afgelopen uur al veel doorgegeven (hoogstens {limit}). Probeer het later "
        "nog eens, of bel de netwerkregisseur als het dringend is. Dit bericht is niet opgeslagen."
    ),
    "signal_closed": "Signaal #{number} is al afgesloten.",
    "signal_taken_by_other": "Signaal #{number} is al opgepakt door {name}.",
    "signal_reply_to_reporter": (
        "💬 <b>Antwoord van de netwerkregisseur</b> op je signaal #{number}:\n{text}"
    ),
    "signal_closed_to_reporter": "✅ Je signaal #{number} is afgesloten. Dank je wel!",
    "signal_closed_message": "Bericht van de netwerkregisseur:\n{text}",
    # Signals: the coordinators' side
    "signal_card": "📨 <b>Signaal #{number}</b>",
    "signal_card_urgent": "🚨 <b>URGENT signaal #{number}</b>",
    "signal_card_facts": "Thema: {theme} · Wijk: {wijk}\nVan: {name} · {when}",
    "signal_card_anonymous": "🙈 Naam niet doorgeven aan partners",
    "signal_card_body": "\n{text}",
    "signal_card_attachments": "📎 {count} bijlage(n) hieronder",
    "signal_state_open": "Status: open",
    "signal_state_taken": "Status: opgepakt door {name}",
    "signal_state_closed": "Status: afgesloten door {name}",
    "signal_reporter_gone": "(melder gestopt)",
    "signal_entry_header": "➕ <b>#{number}</b> · {name}",
    "signal_caption_cut": "{text}\n(de hele tekst: /signal {number})",
    "signal_kind_text": "tekst",
    "signal_kind_photo": "foto",
    "signal_kind_document": "bestand",
    "signal_kind_voice": "spraakbericht",
    "signal_kind_location": "locatie",
    "btn_signal_reply": "↩️ Antwoorden",
    "btn_signal_take": "🙋 Oppakken",
    "btn_signal_close": "✅ Afsluiten",
    "btn_signal_close_message": "✉️ Afsluiten met bericht",
    "btn_signal_close_silent": "Afsluiten zonder eigen bericht",
    "signal_reply_prompt": "Typ je antwoord op signaal #{number}; het gaat alleen naar de melder.",
    "signal_close_prompt": "Signaal #{number} afsluiten. Wil je de melder iets laten weten?",
    "signal_outcome_prompt": "Typ je bericht aan de melder; daarna wordt #{number} afgesloten.",
    "signal_taken": "Je hebt signaal #{number} opgepakt.",
    "signal_closed_done": "Signaal #{number} is afgesloten; de melder heeft bericht gekregen.",
    "signal_reply_text_only": (
        "Antwoorden op signaal #{number} kunnen alleen tekst zijn. Typ je antwoord; er is niets "
        "verstuurd."
    ),
    "signal_closed_unreachable": (
        "Signaal #{number} is afgesloten. De melder is niet meer bereikbaar en krijgt geen bericht."
    ),
    "signal_reply_sent": "↩️ Je antwoord op #{number} is naar de melder gestuurd.",
    "signal_reporter_unreachable": (
        "Je antwoord op #{number} is bewaard, maar de melder is niet meer bereikbaar."
    ),
    "signal_usage": "Gebruik: /signal 17 om signaal 17 te bekijken, /signals voor de lijst.",
    "signal_wiped_note": "🧹 Signaal #{number}: de inhoud is gewist na de bewaartermijn.",
    "signal_wiped": "🧹 De inhoud is gewist na de bewaartermijn; alleen de telling blijft.",
    "signal_thread_header": "🧵 <b>Verloop van #{number}</b>",
    "signal_thread_line": "{when} · <b>{name}</b>: {text}",
    "signal_thread_outcome": "{name} (afsluiting)",
    "signals_usage": (
        "Dat filter ken ik niet: {problem}\nGebruik: /signals [open|mijn|gesloten|alle] "
        "[thema=…] [wijk=…]"
    ),
    "signals_file": (
        "Alle gevonden signalen: {count}. Zonder inhoud, alleen de feiten; bewaar dit bestand "
        "zorgvuldig."
    ),
    "signals_file_name": "signalen.csv",
    "signals_file_columns": "nummer,doorgegeven,thema,urgent,wijk,status,opgepakt door",
    "signals_none": "Geen signalen gevonden.",
    "signals_header": "📋 <b>Signalen</b> ({count})",
    "signals_line": "{urgent}<b>#{number}</b> · {when} · {theme} · {wijk} · {state}",
    "trends_usage": "Gebruik: /trends of /trends 12 (aantal maanden, hoogstens {limit}).",
    "trends_themes": "Per thema",
    "trends_wijken": "Per wijk",
    "trends_total": "Totaal",
    "trends": "📈 <b>Signalen per maand</b> (laatste {months})",
    # Meetings
    "cmd_meeting": "Bijeenkomst plannen",
    "cmd_meetings": "Komende bijeenkomsten",
    "cmd_news": "Netwerknieuws sturen",
    "meeting_usage": "Gebruik: /meeting om te plannen, /meeting 12 voor bijeenkomst 12.",
    "meeting_ask_title": "📅 <b>Nieuwe bijeenkomst.</b> Hoe heet ze? (bijv. Netwerkoverleg)",
    "meeting_text_only": "Typ je antwoord als tekst.",
    "meeting_when_format": (
        "Die tijd begrijp ik niet. Voorbeelden: <code>28-11 19:30</code>, <code>za 19:30</code>, "
        "<code>2026-12-05 19:30</code>, <code>morgen 19:30</code>."
    ),
    "meeting_when_past": "Die tijd is al voorbij. Kies een moment in de toekomst.",
    "meeting_when_nonexistent": (
        "Die tijd bestaat niet: de klok springt dan een uur vooruit (zomertijd). Kies een "
        "ander tijdstip."
    ),
    "meeting_when_end_before_start": "Het einde moet na het begin liggen.",
    "meeting_when_too_long": "Dat is te ver weg of te lang. Kies iets dichterbij.",
    "meeting_when_rrule": (
        "Die herhaalregel begrijp ik niet. Voorbeeld: <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_when_rrule_long": (
        "Die herhaalregel is te lang: hoogstens 200 tekens. Voorbeeld: "
        "<code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_when_rrule_never": (
        "Volgens die regel is er de komende vijf jaar geen enkele bijeenkomst. Kies een andere, "
        "bijv. <code>FREQ=WEEKLY;INTERVAL=6;BYDAY=TH</code>."
    ),
    "meeting_pin": "📍 locatie op de kaart",
    "meeting_ask_start": (
        "Wanneer begint ze? Kies hieronder of typ bijv. <code>28-11 19:30</code>, "
        "<code>za 19:30</code> of <code>2026-12-05 19:30</code>."
    ),
    "btn_minutes": "{minutes} min",
    "meeting_ask_end": (
        "Hoe lang duurt ze? Kies of typ een eindtijd (<code>21:30</code>) of duur "
        "(<code>2u</code>)."
    ),
    "btn_meeting_no_place": "Geen locatie",
    "meeting_ask_place": "Waar? Typ de plek, of deel een locatie op de kaart (📎 → Locatie).",
    "btn_meeting_no_agenda": "Geen agenda",
    "meeting_ask_agenda": "Wat is de agenda? Typ de punten, of kies 'Geen agenda'.",
    "meeting_ask_audience": "Wie nodig je uit?",
    "btn_meeting_everyone": "Het hele netwerk",
    "btn_meeting_once": "Eenmalig",
    "btn_meeting_every": "Elke {weeks} weken",
    "btn_meeting_rrule": "Eigen herhaalregel (RRULE)",
    "meeting_ask_repeat": "Herhaalt deze bijeenkomst?",
    "meeting_ask_rrule": (
        "Typ de herhaalregel, bijv. <code>FREQ=WEEKLY;INTERVAL=6</code> of "
        "<code>FREQ=MONTHLY;BYDAY=1TH;COUNT=6</code>."
    ),
    "btn_meeting_send": "📨 Uitnodigingen versturen",
    "meeting_preview": (
        "<b>Zo ziet de uitnodiging eruit</b> (met agendabestand):\n\n{invitation}\n\n"
        "Herhaling: {repeat}\nVoor: {audience}"
    ),
    "meeting_repeat_every": "elke {weeks} weken",
    "meeting_repeat_once": "eenmalig",
    "meeting_everyone": "het hele netwerk",
    "meeting_dropped": "Plannen gestopt; er is niets verstuurd.",
    "meeting_planned": (
        "📨 Bijeenkomst #{number} gepland; de uitnodiging gaat naar {count} personen. "
        "Bekijk de antwoorden met /meeting {number}."
    ),
    "meeting_invitation": (
        "📅 <b>Uitnodiging: {title}</b>\n🕖 {when}\n📍 {location}{agenda}\n\n"
        "Kom je? Antwoord met de knoppen. Open het bestand om de bijeenkomst in je agenda te "
        "zetten."
    ),
    "meeting_moved": (
        "🔁 <b>Verplaatst: {title}</b>\nNieuwe tijd: {when}\n📍 {location}\n\n"
        "Open het bestand om je agenda bij te werken. Kom je nog steeds?"
    ),
    "meeting_cancelled": (
        "❌ <b>Afgelast: {title}</b>\n{when}\n\nOpen het bestand om de bijeenkomst uit je agenda "
        "te halen."
    ),
    "meeting_reminder": "⏰ <b>Herinnering: {title}</b>\n🕖 {when}\n📍 {location}",
    "meeting_no_location": "volgt nog",
    "meeting_agenda": "<b>Agenda</b>\n{agenda}",
    "btn_rsvp_yes": "✅ Ik kom",
    "btn_rsvp_maybe": "❔ Misschien",
    "btn_rsvp_no": "❌ Ik kan niet",
    "meeting_rsvp_yes": "Fijn, tot dan!",
    "meeting_rsvp_maybe": "Genoteerd: misschien.",
    "meeting_rsvp_no": "Jammer; genoteerd dat je niet kunt.",
    "meeting_closed": "Bijeenkomst #{number} is afgelast of al begonnen.",
    "meeting_not_invited": "Deze uitnodiging is niet voor jou.",
    "meeting_coordinator_note": (
        "📋 <b>Binnenkort: {title}</b> ({when})\nKomen ({yes}): {yes_names}\n"
        "Misschien ({maybe}): {maybe_names}\nNog geen antwoord: {open}"
    ),
    "meeting_nudge": (
        "🌱 Al {weeks} weken is er niets naar het netwerk gegaan. Plan een bijeenkomst "
        "(/meeting) of deel goed nieuws (/news) om het netwerk warm te houden."
    ),
    "meetings_none": "Er zijn geen komende bijeenkomsten. Plan er een met /meeting.",
    "meetings_header": "📅 <b>Komende bijeenkomsten</b>\n{lines}",
    "meetings_line": (
        "<b>#{number}</b> {when} · {title} · ✅ {yes} ❔ {maybe} ❌ {no} · {invited} uitgenodigd"
    ),
    "btn_meeting_who": "👥 Wie komt",
    "btn_meeting_present": "✔️ Aanwezigheid",
    "btn_meeting_move": "🕒 Verplaatsen",
    "btn_meeting_cancel": "❌ Afgelasten",
    "btn_meeting_cancel_all": "❌ Hele reeks afgelasten",
    "meeting_page": (
        "📅 <b>#{number} {title}</b>\n{when} · {state}\n"
        "✅ {yes} ❔ {maybe} ❌ {no} · {invited} uitgenodigd"
    ),
    "meeting_state_draft": "in voorbereiding",
    "meeting_state_planned": "gepland",
    "meeting_state_cancelled": "afgelast",
    "meeting_ask_move": "Wat is de nieuwe begintijd van #{number}? Bijv. <code>za 19:30</code>.",
    "btn_meeting_sure": "Ja, afgelasten",
    "meeting_cancel_confirm": (
        "Bijeenkomst #{number} afgelasten? Wie ja of misschien zei, krijgt bericht."
    ),
    "meeting_cancel_all_confirm": (
        "#{number} en alle volgende bijeenkomsten van de reeks afgelasten? Wie ja of misschien "
        "zei, krijgt bericht."
    ),
    "meeting_cancelled_done": "Afgelast; {count} personen krijgen bericht.",
    "meeting_moved_done": "Bijeenkomst #{number} is verplaatst; {count} personen krijgen bericht.",
    "meeting_who": (
        "👥 <b>#{number} {title}</b>\n✅ Komen: {yes}\n❔ Misschien: {maybe}\n❌ Niet: {no}\n"
        "… Nog geen antwoord: {open}"
    ),
    "meeting_attendance": "Wie was er bij #{number}? Tik op een naam om aan of uit te zetten.",
    # News
    "news_usage": (
        "Gebruik: /news gevolgd door het bericht, bijv. /news Het buurtfeest was een succes!"
    ),
    "btn_news_send": "📨 Naar het hele netwerk",
    "news_preview": "<b>Netwerknieuws</b> (stil, mag gedeeld worden):\n\n{text}",
    "news_dropped": "Niet verstuurd.",
    "news_sent": "📨 Nieuws #{number} gaat naar {count} personen.",
    "news_header": "📰 <b>Nieuws van {network}</b> (#{number})",
    # Working groups
    "cmd_workgroup": "Werkgroep starten",
    "cmd_workgroups": "Werkgroepen",
    "workgroup_private_only": "Werkgroepen beheer je in je privégesprek met de bot, niet hier.",
    "workgroup_usage": "Gebruik: /workgroup om te starten, /workgroup 3 voor werkgroep 3.",
    "workgroup_ask_name": "👥 <b>Nieuwe werkgroep (#{number}).</b> Hoe heet ze?",
    "workgroup_ask_theme": "Bij welk thema hoort ze?",
    "workgroup_ask_purpose": "Wat is het doel, in één zin?",
    "btn_wg_default_end": "Tot {date}",
    "workgroup_ask_end": "Tot wanneer loopt ze? Kies, of typ een datum (<code>15-01</code>).",
    "workgroup_instructions": (
        "Bijna klaar. Een bot kan zelf geen groep maken, dus:\n"
        "1. Maak in Telegram een nieuwe groep, bijv. <b>{name}</b>.\n"
        "2. Voeg @{bot} toe en maak de bot <b>beheerder</b> met de rechten: gebruikers "
        "uitnodigen, leden verwijderen, berichten verwijderen en berichten vastzetten.\n"
        "Zodra dat gebeurd is, koppel ik de groep aan werkgroep #{number} en laat ik het je weten."
    ),
    "btn_wg_people": "➕ Leden uitnodigen",
    "btn_wg_guest": "🧳 Gast van buiten uitnodigen",
    "btn_wg_who": "📋 Wie zit erin",
    "btn_wg_extend_short": "⏳ Verlengen",
    "btn_wg_close_now": "🔚 Nu sluiten",
    "btn_wg_close_at_end": "Sluiten op de einddatum",
    "btn_wg_extend": "⏳ {weeks} weken verlengen",
    "workgroup_page": (
        "👥 <b>#{number} {name}</b> · {state}\n{purpose}\nTot {end} · "
        "uitgenodigd {invited} · in de groep {joined}"
    ),
    "workgroup_state_draft": "in voorbereiding",
    "workgroup_state_waiting": "wacht op de Telegram-groep",
    "workgroup_state_active": "actief",
    "workgroup_state_closing": "wordt gesloten",
    "workgroup_state_closed": "gesloten (archief)",
    "workgroup_ask_people": (
        "Wie nodig je uit voor #{number}? Typ namen met komma's, of <code>wijk: Naam</code> of "
        "<code>thema: sleutel</code>. Iedereen krijgt een eigen link die alleen voor hem werkt."
    ),
    "workgroup_ask_guest": "Hoe heet de gast van buiten het netwerk?",
    "workgroup_extended": "Werkgroep #{number} loopt nu tot {end}.",
    "workgroup_closes_at_end": "Werkgroep #{number} sluit op {end}.",
    "workgroup_closed_report": (
        "Werkgroep #{number} is gesloten; {count} personen zijn uit de groep gehaald."
    ),
    "workgroup_closed_report_failures": (
        "Werkgroep #{number} is gesloten; {count} personen uit de groep gehaald. Niet gelukt bij: "
        "{names}. Haal hen zelf uit de groep."
    ),
    "workgroup_guest": " (gast)",
    "workgroup_seat_invited": "uitgenodigd, nog niet in de groep",
    "workgroup_seat_joined": "in de groep",
    "workgroup_seat_leaving": "wordt verwijderd",
    "workgroup_seat_gone": "niet (meer) in de groep",
    "workgroup_who": "📋 <b>#{number} {name}</b>\n{lines}",
    "workgroup_people_invited": (
        "{count} uitgenodigd voor #{number}: {names}\nNiet gevonden: {missing}"
    ),
    "workgroup_guest_link": (
        "Stuur deze persoonlijke link naar {name}. Die werkt voor één persoon: "
        "de gast leest waarvoor de gegevens dienen, geeft toestemming en krijgt dan een eigen "
        "link naar de groep.\n{link}"
    ),
    "workgroups_none": "Er zijn geen lopende werkgroepen. Start er een met /workgroup.",
    "workgroups_header": "👥 <b>Werkgroepen</b>\n{lines}",
    "workgroups_line": "<b>#{number}</b> {name} · {state} · tot {end}",
    "workgroup_link": (
        "👥 Je bent uitgenodigd voor de werkgroep <b>{name}</b> (tot {end}).\n{purpose}\n\n"
        "Let op: in een Telegram-groep zien de leden elkaars naam en, afhankelijk van je "
        "instellingen, je telefoonnummer. Doe alleen mee als je dat goed vindt.\n\n"
        "Je eigen link (werkt alleen voor jou): {link}"
    ),
    "workgroup_end_soon": "⏳ Werkgroep <b>{name}</b> loopt af op {end}. Wat wil je?",
    "workgroup_goodbye": (
        "🔚 De werkgroep <b>{name}</b> is afgelopen. Dank voor jullie inzet! Iedereen wordt "
        "nu uit deze groep gehaald."
    ),
    "workgroup_closed": (
        "Werkgroep <b>{name}</b> is gesloten; {count} personen zijn uit de groep gehaald."
    ),
    "workgroup_closed_failures": (
        "Werkgroep <b>{name}</b> is gesloten; {count} personen uit de groep gehaald. "
        "Niet gelukt bij: {names}."
    ),
    "workgroup_already_bound": "Die groep is al gekoppeld aan werkgroep #{number} ({name}).",
    "workgroup_bot_removed": (
        "⚠️ De bot is uit de groep van werkgroep #{number} ({name}) gehaald of is geen beheerder "
        "meer. Zonder de bot kan niemand meer uitgenodigd of verwijderd worden."
    ),
    "right_can_invite_users": "gebruikers uitnodigen",
    "right_can_restrict_members": "leden verwijderen",
    "right_can_delete_messages": "berichten verwijderen",
    "right_can_pin_messages": "berichten vastzetten",
    "workgroup_rights_missing": (
        "⚠️ De bot mist rechten in de groep van werkgroep #{number}: {rights}. Maak de bot "
        "beheerder met die rechten; daarna gaat het vanzelf verder."
    ),
    "workgroup_rights_missing_group": "De bot heeft nog deze beheerrechten nodig: {rights}.",
    "workgroup_bound": (
        "✅ Werkgroep #{number} ({name}) is gekoppeld. Nodig nu mensen uit met /workgroup {number}."
    ),
    "workgroup_not_for_me": (
        "Deze bot werkt alleen in werkgroepen van de netwerkregisseur en verlaat deze groep."
    ),
    "workgroup_pinned": (
        "📌 <b>Werkgroep {name}</b>\n{purpose}\n\nDeze groep loopt tot {end}. Daarna wordt "
        "iedereen eruit gehaald en sluit de groep."
    ),
    "workgroup_intruder_removed": (
        "In werkgroep #{number} <b>{name}</b> kwam iemand zonder uitnodiging: {who}. De bot "
        "heeft diegene meteen verwijderd. Hoort diegene erbij? Laat hem of haar toe als gast: je "
        "krijgt een link om door te sturen die alleen voor dat account werkt."
    ),
    "workgroup_intruder_stays": (
        "In werkgroep #{number} <b>{name}</b> kwam iemand zonder uitnodiging: {who}. De bot kon "
        "diegene nog niet verwijderen en blijft het proberen: geef de bot het recht om leden te "
        "verwijderen."
    ),
    "btn_uninvited_let_in": "🧳 Toelaten als gast",
    "btn_uninvited_out": "🚫 Buiten houden",
    "workgroup_uninvited_kept_out": (
        "Buiten gehouden: wat de bot van dit account wist, wordt gewist zodra diegene uit de "
        "groep is."
    ),
    "workgroup_uninvited_let_in": (
        "Stuur deze link door naar {name} (werkgroep #{number}). Alleen dat Telegram-account kan "
        "hem gebruiken: diegene leest waarvoor de groep is, geeft toestemming en krijgt dan een "
        "eigen link naar de groep.\n{link}"
    ),
    "workgroup_unseen": (
        "{count} lid/leden die de bot niet zag binnenkomen (toegevoegd toen de bot geen beheerder "
        "was)"
    ),
    "workgroup_crowded": (
        "De groep waar je de bot aan toevoegde heeft al {others} andere leden. In een werkgroep "
        "mag alleen wie de bot uitnodigt, dus koppel ik deze groep niet. Maak een nieuwe groep "
        "met alleen jou erin en voeg de bot daaraan toe; de bot stuurt de leden van werkgroep "
        "#{number} daarna zelf een persoonlijke link."
    ),
    "workgroup_guest_waiting": (
        "Dank je. De netwerkregisseur bevestigt nog even dat jij de gast bent; daarna krijg je "
        "je persoonlijke link naar de groep."
    ),
    "workgroup_guest_confirm": (
        "Gast voor werkgroep #{number} <b>{name}</b>: uitgenodigd als <b>{invited}</b>, "
        "akkoord gegeven door het Telegram-account <b>{account}</b>. Is dat de juiste persoon?"
    ),
    "btn_guest_right": "✅ Ja, link sturen",
    "btn_guest_wrong": "🚫 Niet deze persoon",
    "workgroup_guest_confirmed": "Bevestigd: de gast krijgt de link.",
    "workgroup_guest_not_them": "Geweigerd: er gaat geen link, wat bewaard was is gewist.",
    "workgroup_members": "👥 In de groep <b>{group}</b> ({count}):\n{lines}",
    "workgroup_guest_closed": "Deze werkgroep bestaat niet meer of is gesloten.",
    "btn_guest_agree": "✅ Akkoord, ik doe mee",
    "btn_guest_refuse": "Nee, dank je",
    "workgroup_guest_welcome": (
        "Je bent als gast uitgenodigd voor de werkgroep <b>{name}</b> (tot {end}).\n{purpose}\n\n"
        "We bewaren alleen je naam en Telegram-id, uitsluitend voor deze werkgroep, en wissen "
        "ze uiterlijk 30 dagen na afloop. In de groep zien de leden elkaars naam. "
        "Doe je mee?"
    ),
    "workgroup_guest_refused": "Prima. We hebben niets van je bewaard.",
    "workgroup_guest_private": (
        "Je bent gast in een werkgroep; daar werk je in de groep zelf. Deze bot heeft geen "
        "andere functies voor gasten. Vragen? Neem contact op met de netwerkregisseur."
    ),
    "workgroup_guest_stopped": (
        "Je bent uit de werkgroep gehaald en wat we van je bewaarden is gewist."
    ),
    "workgroup_guest_privacy": (
        "Je bent gast in een werkgroep. We bewaren je naam en Telegram-id alleen daarvoor, tot "
        "uiterlijk 30 dagen na de einddatum:\n{lines}\nMet /stop stop je en wissen we het meteen."
    ),
}
