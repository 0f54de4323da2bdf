## The tracking page (rendered by the server).
track-title = Feedback { $reference }
track-kind = Kind
track-received = Received
track-status = Status
track-due = Answer due by
track-not-found = No feedback matches this link.
track-reason = Why

## The answer: on the tracking page and in the e-mail to the citizen.
track-answer = Answer
track-correction = Corrected answer
letter-regarding = Regarding: { $kind } no. { $reference } of { $received }
letter-date = Date: { $date }
letter-correction = This answer corrects an earlier answer to the same submission.
mail-answer-subject = Answer to your feedback no. { $reference }
