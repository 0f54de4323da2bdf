## What only the kiosk's screen says (the widget's kiosk bundle); the form, its
## errors and the receipt use the citizen catalogue's words.

kiosk-page-title = Tell us how we did
kiosk-question = How were you served today?
kiosk-score-1 = Very unhappy
kiosk-score-2 = Unhappy
kiosk-score-3 = Happy
kiosk-score-4 = Very happy
kiosk-thanks = Thank you!
kiosk-thanks-body = Your rating is recorded. Would you like to tell us more: a complaint, a signal, a proposal, praise or a comment?
kiosk-tell-more = Tell us more
kiosk-done = Finish
kiosk-form-title = Tell the municipality
kiosk-qr = Scan this code with your phone to follow your feedback and read the answer.
kiosk-qr-alt = QR code of the link to follow your feedback
kiosk-queued = Your feedback is saved on this kiosk and will be sent to the municipality automatically as soon as the connection allows.
kiosk-idle = Are you still there? This screen starts over in { $seconds } seconds and forgets what was written. Touch the screen to stay.
kiosk-idle-stay = I am still here
kiosk-mark-not-enrolled = Not enrolled
kiosk-enrol-title = Enrol this kiosk
kiosk-enrol-body = Staff: enter the code shown on the desk's Kiosks page when the kiosk was added.
kiosk-enrol-code = Enrolment code
kiosk-enrol-submit = Enrol
kiosk-enrol-invalid = This code is not valid or has expired. Ask the desk for a new one.
kiosk-enrol-unreachable = The server cannot be reached. Check the network and try again.
