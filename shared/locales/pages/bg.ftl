## Страницата за проследяване (сървърът я изобразява).
track-title = Обратна връзка { $reference }
track-kind = Вид
track-received = Получена
track-status = Състояние
track-due = Срок за отговор
track-not-found = Няма обратна връзка за тази връзка.
track-reason = Причина
