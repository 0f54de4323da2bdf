## The tracking page (rendered by the server).
track-title = Feedback { $reference }
track-kind = Kind
track-received = Received
track-status = Status
track-due = Answer due by
track-not-found = No feedback matches this link.
track-reason = Why
