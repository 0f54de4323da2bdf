## Грешки в полетата: по едно съобщение за всеки код (shared/src/invalid.rs).
error-required = Моля, попълнете това поле.
error-too-short = Моля, напишете поне { $min } знака.
error-too-long = Моля, не надвишавайте { $max } знака.
error-control-characters = Текстът съдържа знаци, които не могат да бъдат съхранени. Моля, въведете го отново.
error-invalid-email = Това не прилича на имейл адрес, напр. ime@example.com.
error-invalid-phone = Моля, въведете български телефонен номер (напр. 0888 123 456 или +359 88 812 3456) или международен, започващ с +.
error-invalid-unit = Това звено не е познато.
error-invalid-id = Подаването няма валиден идентификатор.
error-invalid-datetime = Времето на подаване не е валидна дата и час.
error-unknown-kind = Моля, изберете вида на обратната връзка.
error-unknown-channel = Този канал не е познат.
error-unknown-locale = Този език не се поддържа.
error-unknown-status = Това състояние не е познато.
error-invalid-shape = Заявката не е в очаквания вид.
error-contact-required = За да получите писмен отговор, посочете имейл или пощенски адрес (или не посочвайте име, за да пишете анонимно).
error-kind-not-accepted = Общината не приема този вид обратна връзка по този начин.

## Грешки на ниво заявка от API-то.
error-malformed-json = Заявката не е валиден JSON.
error-unsupported-media-type = Моля, изпратете JSON (Content-Type: application/json).
error-payload-too-large = Заявката е твърде голяма.
error-batch-too-large = Един пакет може да съдържа най-много { $max } подавания.
error-conflict = Вече е регистрирано друго подаване с този идентификатор.
error-not-found = Тук няма нищо.
error-internal = Възникна грешка от наша страна. Моля, опитайте отново по-късно.
error-unavailable = Услугата е натоварена. Моля, опитайте отново след малко.

## Уиджетът.
widget-launcher = Обратна връзка
widget-title = Кажете на общината
widget-intro = Жалби, сигнали, предложения, похвали и мнения стигат до общината и се регистрират с входящ номер.
widget-close = Затвори
widget-language = Език
kind-legend = Какво искате да изпратите?
kind-complaint = Жалба
kind-signal = Сигнал
kind-proposal = Предложение
kind-praise = Похвала
kind-comment = Мнение
kind-corruption = Сигнал за корупция
text-label = Вашето съобщение
text-count = { $count } от { $max } знака
contact-legend = Данни за контакт (по желание)
contact-hint = Посочете име и имейл или пощенски адрес, за да получите писмен отговор.
name-label = Име
email-label = Имейл
phone-label = Телефон
address-label = Пощенски адрес
anonymous-warning = Анонимни жалби и сигнали не се разглеждат, освен когато поставеният проблем застрашава здравето и сигурността на гражданите.
health-or-safety-label = Проблемът застрашава здравето или сигурността
send = Изпрати
sending = Изпращане…
error-summary = Моля, поправете отбелязаните полета.
sent-title = Благодарим ви. Обратната връзка е регистрирана.
sent-reference = Входящ номер: { $reference }
sent-due = Отговорът се дължи до { $date }.
sent-track = Проследете хода ѝ
send-another = Изпратете още
queued-title = Запазено на това устройство
queued-body = Изглежда сте без връзка. Обратната връзка е запазена на това устройство и ще бъде изпратена автоматично, когато връзката се възстанови, дори ако затворите страницата.
delivered-title = Запазената ви обратна връзка е доставена
rejected-title = Запазената ви обратна връзка не можа да бъде регистрирана
rejected-edit = Редактирайте и изпратете отново
rejected-discard = Изтрийте го
notice-dismiss = Добре
locale-name = Български
outbox-pending = { $count ->
    [one] Едно по-ранно съобщение е запазено на това устройство и ще бъде изпратено, когато връзката позволи.
   *[other] { $count } по-ранни съобщения са запазени на това устройство и ще бъдат изпратени, когато връзката позволи.
}

## Страницата за проследяване.
track-title = Обратна връзка { $reference }
track-kind = Вид
track-received = Получена
track-status = Състояние
track-due = Срок за отговор
track-not-found = Няма обратна връзка за тази връзка.
status-registered = Регистрирана
status-in_review = В разглеждане
status-answered = Отговорена
status-not_examined = Неразгледана
status-forwarded = Препратена
track-reason = Причина
reason-anonymous = Анонимни жалби и сигнали не се разглеждат, освен когато проблемът застрашава здравето и сигурността на гражданите. Подаването е регистрирано и отчетено.
reason-obscene = Съдържа нецензурни или обидни изрази.
reason-outside_competence = Не е от компетентността на общината.
reason-personal_data = По този канал не се отговаря на въпроси, свързани с лични данни.

## Уиджетът: какво казва профилът на общината (видове, срокове, лични данни, звена).
kind-complaint-about = Недоволни сте от услуга или служител.
kind-signal-about = Злоупотреба с власт, незаконно действие или проблем в града.
kind-proposal-about = Идея за по-добра работа на общината.
kind-praise-about = Благодарност за добро обслужване. Предава се на екипа.
kind-comment-about = Вашето мнение за услугите.
kind-corruption-about = Чете се само от служители, оправомощени за сигнали за корупция.
kind-answer-within = Получавате писмен отговор { $term }.
kind-decided-within = Решава се { $term }.
kind-no-answer = Отговор не се изпраща.
kind-corruption-phone = Можете да подадете сигнала и на телефон { $phone }.
term-days = { $count ->
    [one] до { $count } ден
   *[other] до { $count } дни
}
term-months = { $count ->
    [one] до { $count } месец
   *[other] до { $count } месеца
}
anonymous-advice = За да бъде разгледана обратната ви връзка, посочете име и имейл или пощенски адрес.
obscene-warning = Съобщението ви съдържа думи, които може да бъдат приети за нецензурни или обидни. Общината може да остави такива съобщения без отговор. Можете да го преформулирате или да го изпратите така.
privacy-notice = { $municipality } използва данните за контакт, които посочите, само за да регистрира обратната ви връзка и да ви отговори, и ги пази { $period } след получаването.
privacy-notice-general = Данните за контакт, които посочите, се използват само за да бъде регистрирана обратната ви връзка и да ви бъде отговорено.
privacy-ask = Въпроси за личните ви данни: { $email }.
privacy-link = Как общината защитава личните данни
period-years = { $count ->
    [one] { $count } година
   *[other] { $count } години
}
period-days = { $count ->
    [one] { $count } ден
   *[other] { $count } дни
}
unit-about = Обратната връзка се отнася до: { $unit }
sent-not-examined-title = Обратната ви връзка е регистрирана, но няма да бъде разгледана.

## The answer: on the tracking page and in the e-mail to the citizen (server only).
track-answer = Отговор
track-correction = Поправка на отговора
letter-regarding = Относно: { $kind } с вх. № { $reference } от { $received }
letter-date = Дата: { $date }
letter-correction = Този отговор поправя предишен отговор по същата преписка.
mail-answer-subject = Отговор по вх. № { $reference }
