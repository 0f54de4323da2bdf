## Field errors: one message per error code (shared/src/invalid.rs).
error-required = Please fill this in.
error-too-short = Please write at least { $min } characters.
error-too-long = Please keep this under { $max } characters.
error-control-characters = This contains characters that cannot be stored. Please retype it.
error-invalid-email = This does not look like an email address, e.g. name@example.com.
error-invalid-phone = Please give a Bulgarian phone number (e.g. 0888 123 456 or +359 88 812 3456) or an international one starting with +.
error-invalid-unit = This service unit is not known.
error-invalid-id = The submission has no valid identifier.
error-invalid-datetime = The submission's time is not a valid date and time.
error-unknown-kind = Please choose what kind of feedback this is.
error-unknown-channel = This channel is not known.
error-unknown-locale = This language is not supported.
error-unknown-status = This status is not known.
error-invalid-shape = The request is not in the expected form.
error-contact-required = To get a written answer, please give an email or a postal address (or leave your name out to write anonymously).
error-kind-not-accepted = The municipality does not accept this kind of feedback here.

## Request-level errors from the API.
error-malformed-json = The request is not valid JSON.
error-unsupported-media-type = Please send JSON (Content-Type: application/json).
error-payload-too-large = The request is too large.
error-batch-too-large = A batch may carry at most { $max } submissions.
error-conflict = A different submission with this identifier has already been registered.
error-not-found = Nothing was found here.
error-internal = Something went wrong on our side. Please try again later.
error-unavailable = The service is busy. Please try again shortly.

## The widget.
widget-launcher = Feedback
widget-title = Tell the municipality
widget-intro = Complaints, reports, proposals, praise and comments reach the municipality and are registered with a reference number.
widget-close = Close
widget-language = Language
kind-legend = What would you like to send?
kind-complaint = Complaint
kind-signal = Report a problem
kind-proposal = Proposal
kind-praise = Praise
kind-comment = Comment
kind-corruption = Corruption report
text-label = Your message
text-count = { $count } of { $max } characters
contact-legend = Your contact details (optional)
contact-hint = Give a name and an email or postal address to get a written answer.
name-label = Name
email-label = Email
phone-label = Phone
address-label = Postal address
anonymous-warning = Anonymous complaints and reports are not examined unless they concern a threat to health or safety.
health-or-safety-label = This concerns a threat to health or safety
send = Send
sending = Sending…
error-summary = Please correct the marked fields.
sent-title = Thank you. Your feedback is registered.
sent-reference = Reference number: { $reference }
sent-due = An answer is due by { $date }.
sent-track = Follow its progress
send-another = Send more feedback
queued-title = Saved on this device
queued-body = You seem to be offline. Your feedback is saved on this device and will be sent automatically when the connection returns, even if you close this page.
queued-body-busy = The service is busy just now. Your feedback is saved on this device and will be sent automatically in a moment, even if you close this page.
queued-body-unreachable = The municipality's server could not be reached just now. Your feedback is saved on this device and will be sent automatically as soon as it can be, even if you close this page.
delivered-title = Your earlier feedback has been delivered
rejected-title = Your saved feedback could not be registered
rejected-edit = Edit and send again
rejected-discard = Discard it
notice-dismiss = OK
locale-name = English
outbox-pending = { $count ->
    [one] One earlier message is saved on this device and will be sent when the connection allows.
   *[other] { $count } earlier messages are saved on this device and will be sent when the connection allows.
}

## Statuses and reasons: in the widget (not examined) and on the tracking page.
status-registered = Registered
status-in_review = In review
status-answered = Answered
status-not_examined = Not examined
status-forwarded = Forwarded
reason-anonymous = Anonymous complaints and reports are not examined unless they concern a threat to health or safety. It has been registered and counted.
reason-obscene = It contains obscene or insulting language.
reason-outside_competence = It is outside the municipality's competence.
reason-personal_data = Questions about personal data are not answered through this channel.

## The widget: what the municipality profile says (kinds, deadlines, privacy, units).
kind-complaint-about = Unhappy with a service or an employee.
kind-signal-about = Abuse of power, an unlawful act or a problem in the town.
kind-proposal-about = An idea to improve the municipality's work.
kind-praise-about = Thanks for good service. Passed on to the team.
kind-comment-about = Your opinion about the services.
kind-corruption-about = Only staff allowed to handle corruption reports can read it.
kind-answer-within = You get a written answer { $term }.
kind-decided-within = Decided { $term }.
kind-no-answer = No answer is sent.
kind-corruption-phone = You can also report it by phone: { $phone }.
term-days = { $count ->
    [one] within { $count } day
   *[other] within { $count } days
}
term-months = { $count ->
    [one] within { $count } month
   *[other] within { $count } months
}
anonymous-advice = To have it examined, give your name and an email or a postal address.
obscene-warning = Your message contains words that may be taken as obscene or insulting. The municipality may leave such messages unanswered. You can rephrase it, or send it as it is.
privacy-notice = { $municipality } uses the contact details you give only to register your feedback and answer it, and keeps them for { $period } after receipt.
privacy-notice-general = The contact details you give are used only to register your feedback and answer it.
privacy-ask = Questions about your personal data: { $email }.
privacy-link = How the municipality protects personal data
period-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
}
period-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
unit-about = This feedback is about: { $unit }
sent-not-examined-title = Your feedback is registered, but it will not be examined.
