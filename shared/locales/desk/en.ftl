# The staff desk (server only): English.
desk-title = Staff desk
desk-back = Back to the desk
desk-forbidden = You may not open this page, or the form has expired. Reload the page and try again.
desk-not-found = There is no such page.
desk-failed = Something went wrong. Please try again in a moment.
desk-language = Български
desk-signed-in-as = Signed in as { $name }
desk-logout = Sign out
desk-change-password = Change password
desk-accounts = Staff accounts
desk-kiosks = Kiosks
desk-totp = Two-step sign-in

login-title = Staff sign-in
login-email = E-mail
login-password = Password
login-submit = Sign in
login-refused = Wrong e-mail or password. After several failed attempts, signing in is paused for a while; try again later.
login-missing = Enter your e-mail and password.
login-code-title = Sign-in code
login-code-intro = Your account signs in in two steps. Enter the 6-digit code your authenticator app shows for Glas now.
login-code = Code
login-code-submit = Sign in
login-code-refused = Wrong or already used code. Enter the code the app shows now. After several failed attempts, signing in is paused for a while; try again later.
login-code-missing = Enter the code.
login-code-start-again = Sign in from the start

password-title = Change password
password-current = Current password
password-new = New password
password-new-hint = At least { $min } characters; not a common password, and not made of your name or e-mail address.
password-repeat = New password again
password-submit = Change password
password-wrong-current = The current password is wrong.
password-too-short = The new password must have at least { $min } characters.
password-too-long = The new password is too long.
password-mismatch = The two new passwords differ.
password-common = This password is among the most common ones (perhaps with digits or signs added), or a run or repeat of characters. Choose another: a few unrelated words make a good one.
password-personal = This password is made of your name or e-mail address, or the name of the municipality or of Glas. Choose another: a few unrelated words make a good one.
password-changed = Your password has been changed.

accounts-title = Staff accounts
accounts-list = All accounts
accounts-email = E-mail
accounts-name = Name
accounts-position = Position
accounts-role = Role
accounts-units = Units
accounts-corruption = May see corruption reports
accounts-status = Status
accounts-active = Active
accounts-disabled = Disabled
accounts-add = New account
accounts-add-submit = Create the account
accounts-save = Save
accounts-disable = Disable the account
accounts-enable = Enable the account
accounts-reset = New password
accounts-change = Change { $email }
accounts-added = The account { $email } has been created. The password is shown only now; hand it to its owner: { $password }
accounts-reset-done = New password for { $email } (shown only now): { $password }
accounts-saved = The changes have been saved.
accounts-email-invalid = Enter a valid e-mail address.
accounts-email-taken = There is already an account with this e-mail address.
accounts-name-missing = Enter a name.
accounts-position-missing = Enter a position.
accounts-yes = yes
accounts-no = no
accounts-totp-on = two-step sign-in
accounts-totp-reset = Turn off two-step sign-in
accounts-totp-reset-done = Two-step sign-in is off for { $email }: they sign in with their password alone until they turn it on again.

role-clerk = Clerk
role-supervisor = Supervisor
role-admin = Administrator

## The inbox.
inbox-title = Inbox
inbox-quick = Quick filters
inbox-open = Open
inbox-overdue = Overdue
inbox-overdue-badge = OVERDUE
inbox-soon = Due within 2 working days
inbox-flagged = Flagged
inbox-unassigned = Unassigned
inbox-mine = Mine
inbox-filter = Filter
inbox-any = Any
inbox-apply = Show
inbox-csv = Download as CSV (spreadsheet)
inbox-kind = Kind
inbox-unit = Unit
inbox-status = Status
inbox-status-all = All statuses
inbox-channel = Channel
inbox-assignee = Assigned to
inbox-due = Due
inbox-received = Received
inbox-reference = Reference
inbox-text = Text
inbox-caption = { $count } on this page, soonest due first
inbox-empty = Nothing matches this filter.
inbox-pages = Pages
inbox-previous = Previous page
inbox-next = Next page
inbox-email = Citizen's e-mail address
inbox-email-hint = The whole address; capital letters and spaces do not matter.
flag-obscene = Obscene language
flag-health = Threat to health or safety
channel-web = Website
channel-kiosk = Kiosk
channel-phone = Phone
channel-in_person = In person

## A submission.
submission-title = { $kind } { $reference }
submission-inspection = Inspection needed
submission-citizen-unit = Unit chosen by the citizen
submission-text = Text
submission-author = Author
submission-anonymous = Anonymous: no name or contact given.
submission-name = Name
submission-email = E-mail
submission-phone = Phone
submission-address = Postal address
submission-answers = Answers
submission-no-answer = No answer yet.
submission-answer-by = Answer by { $name }, { $date }
submission-corrects = (corrects answer no. { $id })
submission-correct = Write a correction of this answer
submission-mail = E-mail to the citizen and staff
submission-actions = Actions
submission-write-answer = Write the answer
submission-history = History
mail-sent = sent on { $date }
mail-unsent = NOT SENT YET
mail-attempts = ({ $count } attempts so far; it is retried automatically)
mail-rejected-title = REFUSED
mail-rejected = by the mail server on { $date }; it is not tried again. Reach the citizen another way (phone, post), or send it again once the address or the mail server is put right.
mail-resend = Send again
desk-problem = There is a problem
desk-error-required = Please fill this in.
desk-error-too-long = This is too long.
desk-error-unknown-unit = This unit is not known.
desk-error-unknown-staff = This person cannot be given this submission.
desk-error-assign-nothing = Choose a unit, a person or both.
desk-error-status = This status cannot be set here.
desk-error-answer-first = Write the answer first: it sets the status to answered.
desk-error-reason-required = Give the reason why it is not examined.
desk-error-closed = This submission is closed.
desk-error-unknown-answer = There is no such answer to correct.

## Actions.
action-take = Take it
action-assign = Assign
action-keep = (keep as it is)
action-assign-submit = Assign
action-status = Change the status
action-reason = Reason (when not examined)
action-reason-hint = Needed when the submission is not examined.
action-forwarded-to = Forwarded to (the other body's name)
action-status-submit = Change the status
action-note = Internal note (not shown to the citizen)
action-note-submit = Add the note
action-inspection = An inspection is needed: why? (the deadline becomes the longer legal one)
action-inspection-submit = Mark "inspection needed"

## The answer.
answer-title = Answer to { $reference }
answer-back = Back to the submission
answer-body = The answer's text
answer-signed = Signed: { $name }, { $position }.
answer-emailed = It will be e-mailed to { $email } and shown on the citizen's tracking page.
answer-not-emailed = The citizen gave no e-mail: the answer is shown on their tracking page; send it by post to their address.
answer-municipality = The letter carries the name and address of { $name }, the reference number and today's date.
answer-submit = Store and send the answer
template-complaint = Dear { $name },

    Thank you for your complaint no. { $reference } of { $received }. …

    Yours sincerely,
template-signal = Dear { $name },

    Regarding your report no. { $reference } of { $received }: …

    Yours sincerely,
template-proposal = Dear { $name },

    Thank you for your proposal no. { $reference } of { $received }. …

    Yours sincerely,
template-praise = Dear { $name },

    Thank you for your kind words (no. { $reference } of { $received }); we have passed them on to the team.

    Yours sincerely,
template-comment = Dear { $name },

    Thank you for your comment no. { $reference } of { $received }. …

    Yours sincerely,
template-corruption = Dear { $name },

    Regarding your report no. { $reference } of { $received }: …

    Yours sincerely,

## E-mail to staff.
mail-assignment-subject = Assigned to you: no. { $reference }
mail-assignment-body = { $by } has assigned { $kind } no. { $reference } to you. Due: { $due }.

    { $link }

## Oral submissions.
intake-title = New oral submission
intake-intro = Record a submission made by phone or in person. The same rules apply as on the website; read the reference number out to the citizen at the end.
intake-channel = How it was made
intake-author-hint = Leave these empty for an anonymous submission. For a written answer, an e-mail or a postal address is needed.
intake-language = The citizen's language
intake-submit = Register
intake-done = Registered
intake-read-out = Please read this out: your { $kind } is registered with number { $reference }.
intake-tracking = Tracking link
intake-open = Open the submission
intake-another = Record another
intake-conflict = This form was already registered with other content. Reload the form and enter it again.

## The audit log.
audit-title = Audit log
audit-when = When
audit-who = Who
audit-what = What
audit-details = Details
audit-from = From (date)
audit-until = Until (date)
audit-action-take = took it
audit-action-assign = assigned
audit-action-status = changed the status
audit-action-note = added a note
audit-action-inspection = marked "inspection needed"
audit-action-answer = answered
audit-action-read = read (corruption report)
audit-action-intake = registered an oral submission
audit-action-email_search = searched the inbox by a citizen's e-mail address
audit-action-account_added = added an account
audit-action-account_changed = changed an account
audit-action-account_disabled = disabled an account
audit-action-account_enabled = enabled an account
audit-action-password_reset = reset a password
audit-action-password_changed = changed their password
audit-action-totp_enabled = turned on two-step sign-in
audit-action-totp_disabled = turned off two-step sign-in
audit-action-totp_reset = turned off an account's two-step sign-in
audit-action-account_locked = locked an account after repeated failed sign-ins
audit-action-kiosk_added = added a kiosk
audit-action-kiosk_code = made a new enrolment code for a kiosk
audit-action-kiosk_enrolled = enrolled a kiosk
audit-action-kiosk_revoked = revoked a kiosk
audit-action-stats_rebuild = rebuilt the statistics
audit-action-person_export = exported a citizen's data (access request)
audit-action-person_erase = erased a citizen's data (erasure request)
audit-action-mail_resend = sent again an e-mail the mail server had refused

## The daily digest.
digest-subject = Glas: { $overdue } overdue, { $soon } due within 2 working days
digest-overdue = Overdue ({ $count }):
digest-soon = Due within 2 working days ({ $count }):

desk-login = Sign in
desk-inbox-count = { $count ->
    [one] One new submission
   *[other] { $count } new submissions
}

## Kiosks (/desk/kiosks, admins only).
kiosks-title = Kiosks
kiosks-intro = The touch-screen kiosks in the service units. A kiosk is enrolled with a one-time code; what it collects counts for the unit it serves, and it keeps what it collects until the server has it.
kiosks-list = All kiosks
kiosks-none = No kiosk yet.
kiosks-name = Where it stands
kiosks-name-hint = For staff, e.g. “Front hall, by the door”.
kiosks-name-missing = Enter where the kiosk stands.
kiosks-unit = Unit
kiosks-state = State
kiosks-last-seen = Last heard from
kiosks-queue = Waiting on it
kiosks-version = Version
kiosks-actions = Actions
kiosks-never = never
kiosks-waiting = Waiting for its code
kiosks-enrolled = Enrolled
kiosks-revoked = Revoked
kiosks-refused = Refused on { $time }: it still holds what it collected. Enrol it again with a new code.
kiosks-silent = Silent for more than a working day
kiosks-queued = { $count }, the oldest from { $time }
kiosks-add = New kiosk
kiosks-add-submit = Add the kiosk and make its code
kiosks-new-code = New enrolment code
kiosks-revoke = Revoke
kiosks-code-title = Enrolment code for “{ $name }”
kiosks-code-how = It is shown only now and works once, until { $time }. On the kiosk, open { $link } and enter the code, or scan this QR code with the kiosk.
kiosks-code-qr = The enrolment link, with the code
kiosks-revoked-done = “{ $name }” has been revoked: its requests are refused, and what it holds stays on it until it is enrolled again.

## Kept aside as probably a robot's (server/src/screening.rs).
set-aside-title = Kept aside
set-aside-intro = Submissions that were probably sent by a program, not a person: the form's hidden trap was filled in, or it was sent sooner after opening than a person can write. They were receipted like any other, but are not in the inbox or the statistics. Open one to read it; if a person sent it, release it into the inbox.
set-aside-empty = Nothing is kept aside.
set-aside-why = Why
set-aside-excerpt = Beginning of the text
set-aside-trap = the form's hidden field, which people never see, was filled in
set-aside-too-fast = it was sent sooner after the form opened than a person can write
set-aside-banner = Kept aside as probably sent by a program:
action-release = A person sent it: release it into the inbox
audit-action-release = released from the set-aside into the inbox
## Two-step sign-in (/desk/totp).
totp-title = Two-step sign-in
totp-intro = With two-step sign-in, signing in takes your password and a code from an authenticator app on your phone (such as FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator). The code changes every 30 seconds, so a stolen password alone does not open the desk.
totp-required = Administrators must turn on two-step sign-in before they can use the desk.
totp-is-off = Two-step sign-in is off.
totp-is-on = Two-step sign-in is on: after your password, the desk asks for the code the app shows.
totp-scan = 1. Scan this QR code with the authenticator app, or type the key into it
totp-qr = QR code for the authenticator app
totp-key = Key
totp-confirm = 2. Enter the code the app shows now
totp-code = Code (6 digits)
totp-enable = Turn on two-step sign-in
totp-enabled = Two-step sign-in is on. From your next sign-in, the desk asks for the app's code after your password.
totp-code-wrong = Wrong or already used code. Enter the code the app shows now.
totp-disable = Turn off two-step sign-in
totp-disable-intro = Enter your password and the code the app shows now.
totp-password = Password
totp-password-wrong = The password is wrong.
totp-disabled = Two-step sign-in is off.
totp-required-on = Administrators must use two-step sign-in, so it cannot be turned off here. If the phone is lost, another administrator turns it off on the accounts page, or the server's administrator with glas user reset-totp.
totp-continue = Go to the desk
