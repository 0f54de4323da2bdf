## Страницата за проследяване (сървърът я изобразява).
track-title = Обратна връзка { $reference }
track-kind = Вид
track-received = Получена
track-status = Състояние
track-due = Срок за отговор
track-not-found = Няма обратна връзка за тази връзка.
track-reason = Причина

## The answer: on the tracking page and in the e-mail to the citizen.
track-answer = Отговор
track-correction = Поправка на отговора
letter-regarding = Относно: { $kind } с вх. № { $reference } от { $received }
letter-date = Дата: { $date }
letter-correction = Този отговор поправя предишен отговор по същата преписка.
mail-answer-subject = Отговор по вх. № { $reference }
