# The staff desk (server only): Bulgarian.
desk-title = Бюро на служителите
desk-back = Към бюрото
desk-forbidden = Нямате достъп до тази страница или формулярът е остарял. Презаредете страницата и опитайте отново.
desk-not-found = Няма такава страница.
desk-failed = Нещо се обърка. Опитайте отново след малко.
desk-language = English
desk-signed-in-as = Влезли сте като { $name }
desk-logout = Изход
desk-change-password = Смяна на паролата
desk-accounts = Служители
desk-kiosks = Киоски
desk-totp = Вход в две стъпки

login-title = Вход за служители
login-email = Имейл
login-password = Парола
login-submit = Вход
login-refused = Грешен имейл или парола. След няколко неуспешни опита входът се спира за известно време; опитайте отново по-късно.
login-missing = Въведете имейл и парола.
login-code-title = Код за вход
login-code-intro = Вашият профил влиза в две стъпки. Въведете 6-цифрения код, който приложението за удостоверяване показва сега за Glas.
login-code = Код
login-code-submit = Вход
login-code-refused = Грешен или вече използван код. Въведете кода, който приложението показва сега. След няколко неуспешни опита входът се спира за известно време; опитайте отново по-късно.
login-code-missing = Въведете кода.
login-code-start-again = Вход отначало

password-title = Смяна на паролата
password-current = Сегашна парола
password-new = Нова парола
password-new-hint = Поне { $min } знака; да не е често срещана парола и да не е съставена от вашето име или имейл адрес.
password-repeat = Новата парола отново
password-submit = Смени паролата
password-wrong-current = Сегашната парола не е вярна.
password-too-short = Новата парола трябва да е поне { $min } знака.
password-too-long = Новата парола е твърде дълга.
password-mismatch = Двете нови пароли не съвпадат.
password-common = Тази парола е сред най-често използваните (може би с добавени цифри или знаци) или е поредица или повторение на знаци. Изберете друга: няколко несвързани думи правят добра парола.
password-personal = Тази парола е съставена от вашето име или имейл адрес, или от името на общината или на Glas. Изберете друга: няколко несвързани думи правят добра парола.
password-changed = Паролата е сменена.

accounts-title = Служители
accounts-list = Всички профили
accounts-email = Имейл
accounts-name = Име
accounts-position = Длъжност
accounts-role = Роля
accounts-units = Звена
accounts-corruption = Вижда сигнали за корупция
accounts-status = Състояние
accounts-active = Активен
accounts-disabled = Спрян
accounts-add = Нов профил
accounts-add-submit = Създай профила
accounts-save = Запази
accounts-disable = Спри профила
accounts-enable = Възстанови профила
accounts-reset = Нова парола
accounts-change = Промяна на { $email }
accounts-added = Профилът { $email } е създаден. Паролата се показва само сега; предайте я на служителя: { $password }
accounts-reset-done = Нова парола за { $email } (показва се само сега): { $password }
accounts-saved = Промените са запазени.
accounts-email-invalid = Въведете валиден имейл адрес.
accounts-email-taken = Вече има профил с този имейл.
accounts-name-missing = Въведете име.
accounts-position-missing = Въведете длъжност.
accounts-yes = да
accounts-no = не
accounts-totp-on = вход в две стъпки
accounts-totp-reset = Изключи входа в две стъпки
accounts-totp-reset-done = Входът в две стъпки на { $email } е изключен: служителят влиза само с паролата, докато не го включи отново.

role-clerk = Служител
role-supervisor = Ръководител
role-admin = Администратор

## Входящи.
inbox-title = Входящи
inbox-quick = Бързи филтри
inbox-open = Отворени
inbox-overdue = Просрочени
inbox-overdue-badge = ПРОСРОЧЕНО
inbox-soon = Срок до 2 работни дни
inbox-flagged = Отбелязани
inbox-unassigned = Невъзложени
inbox-mine = Мои
inbox-filter = Филтър
inbox-any = Всички
inbox-apply = Покажи
inbox-csv = Изтегли като CSV (таблица)
inbox-kind = Вид
inbox-unit = Звено
inbox-status = Състояние
inbox-status-all = Всички състояния
inbox-channel = Канал
inbox-assignee = Възложено на
inbox-due = Срок
inbox-received = Получено
inbox-reference = Вх. №
inbox-text = Текст
inbox-caption = { $count } на тази страница, първо с най-близък срок
inbox-empty = Няма нищо по този филтър.
inbox-pages = Страници
inbox-previous = Предишна страница
inbox-next = Следваща страница
inbox-email = Имейл на гражданина
inbox-email-hint = Целият адрес; главните букви и интервалите нямат значение.
flag-obscene = Нецензурни изрази
flag-health = Заплаха за здравето или сигурността
channel-web = Уебсайт
channel-kiosk = Киоск
channel-phone = Телефон
channel-in_person = Лично

## Преписка.
submission-title = { $kind } { $reference }
submission-inspection = Нужна е проверка
submission-citizen-unit = Звено, избрано от гражданина
submission-text = Текст
submission-author = Подател
submission-anonymous = Анонимно: без име и контакт.
submission-name = Име
submission-email = Имейл
submission-phone = Телефон
submission-address = Пощенски адрес
submission-answers = Отговори
submission-no-answer = Все още няма отговор.
submission-answer-by = Отговор от { $name }, { $date }
submission-corrects = (поправя отговор № { $id })
submission-correct = Напиши поправка на този отговор
submission-mail = Имейли до гражданина и служителите
submission-actions = Действия
submission-write-answer = Напиши отговор
submission-history = История
mail-sent = изпратен на { $date }
mail-unsent = ОЩЕ НЕ Е ИЗПРАТЕН
mail-attempts = ({ $count } опита досега; опитва се отново автоматично)
mail-rejected-title = ОТКАЗАН
mail-rejected = от пощенския сървър на { $date }; не се опитва отново. Свържете се с гражданина по друг начин (телефон, поща) или го изпратете отново, след като адресът или пощенският сървър бъдат оправени.
mail-resend = Изпрати отново
desk-problem = Има проблем
desk-error-required = Моля, попълнете това поле.
desk-error-too-long = Текстът е твърде дълъг.
desk-error-unknown-unit = Няма такова звено.
desk-error-unknown-staff = На този служител не може да се възложи тази преписка.
desk-error-assign-nothing = Изберете звено, служител или и двете.
desk-error-status = Това състояние не може да се зададе тук.
desk-error-answer-first = Първо напишете отговора: той променя състоянието на „отговорено“.
desk-error-reason-required = Посочете причината да не се разглежда.
desk-error-closed = Преписката е приключена.
desk-error-unknown-answer = Няма такъв отговор за поправка.

## Действия.
action-take = Поемам я
action-assign = Възлагане
action-keep = (без промяна)
action-assign-submit = Възложи
action-status = Промяна на състоянието
action-reason = Причина (ако не се разглежда)
action-reason-hint = Нужна е, когато преписката не се разглежда.
action-forwarded-to = Препратена до (името на другия орган)
action-status-submit = Промени състоянието
action-note = Вътрешна бележка (гражданинът не я вижда)
action-note-submit = Добави бележката
action-inspection = Нужна е проверка: защо? (срокът става по-дългият законов)
action-inspection-submit = Отбележи „нужна е проверка“

## Отговорът.
answer-title = Отговор по { $reference }
answer-back = Обратно към преписката
answer-body = Текст на отговора
answer-signed = Подписва: { $name }, { $position }.
answer-emailed = Ще бъде изпратен на { $email } и показан на страницата за проследяване.
answer-not-emailed = Гражданинът не е дал имейл: отговорът се показва на страницата за проследяване; изпратете го по пощата на адреса му.
answer-municipality = Писмото носи името и адреса на { $name }, входящия номер и днешната дата.
answer-submit = Запази и изпрати отговора
template-complaint = Уважаеми/а { $name },

    Благодарим Ви за жалбата с вх. № { $reference } от { $received }. …

    С уважение,
template-signal = Уважаеми/а { $name },

    Във връзка с Вашия сигнал с вх. № { $reference } от { $received }: …

    С уважение,
template-proposal = Уважаеми/а { $name },

    Благодарим Ви за предложението с вх. № { $reference } от { $received }. …

    С уважение,
template-praise = Уважаеми/а { $name },

    Благодарим Ви за добрите думи (вх. № { $reference } от { $received }); предадохме ги на колегите.

    С уважение,
template-comment = Уважаеми/а { $name },

    Благодарим Ви за мнението с вх. № { $reference } от { $received }. …

    С уважение,
template-corruption = Уважаеми/а { $name },

    Във връзка с Вашия сигнал с вх. № { $reference } от { $received }: …

    С уважение,

## Имейли до служители.
mail-assignment-subject = Възложена Ви е преписка вх. № { $reference }
mail-assignment-body = { $by } Ви възложи { $kind } с вх. № { $reference }. Срок: { $due }.

    { $link }

## Устни жалби и сигнали.
intake-title = Нова устна преписка
intake-intro = Регистрирайте жалба, сигнал или предложение, подадени по телефона или лично. Важат същите правила като на сайта; накрая прочетете входящия номер на гражданина.
intake-channel = Как е подадена
intake-author-hint = Оставете празно за анонимна преписка. За писмен отговор е нужен имейл или пощенски адрес.
intake-language = Език на гражданина
intake-submit = Регистрирай
intake-done = Регистрирана
intake-read-out = Моля, прочетете: Вашата преписка ({ $kind }) е регистрирана с входящ номер { $reference }.
intake-tracking = Връзка за проследяване
intake-open = Отвори преписката
intake-another = Нова устна преписка
intake-conflict = Този формуляр вече е регистриран с друго съдържание. Презаредете формуляра и въведете отново.

## Дневник.
audit-title = Дневник на действията
audit-when = Кога
audit-who = Кой
audit-what = Какво
audit-details = Подробности
audit-from = От (дата)
audit-until = До (дата)
audit-action-take = пое преписката
audit-action-assign = възложи
audit-action-status = промени състоянието
audit-action-note = добави бележка
audit-action-inspection = отбеляза „нужна е проверка“
audit-action-answer = отговори
audit-action-read = прочете (сигнал за корупция)
audit-action-intake = регистрира устна преписка
audit-action-email_search = търси във входящите по имейл на гражданин
audit-action-account_added = добави профил
audit-action-account_changed = промени профил
audit-action-account_disabled = деактивира профил
audit-action-account_enabled = активира профил
audit-action-password_reset = смени паролата на служител
audit-action-password_changed = смени паролата си
audit-action-totp_enabled = включи входа в две стъпки
audit-action-totp_disabled = изключи входа в две стъпки
audit-action-totp_reset = изключи входа в две стъпки на профил
audit-action-account_locked = заключи профил след повтарящи се неуспешни входове
audit-action-kiosk_added = добави киоск
audit-action-kiosk_code = създаде нов код за свързване на киоск
audit-action-kiosk_enrolled = свърза киоск
audit-action-kiosk_revoked = изключи киоск
audit-action-stats_rebuild = преизчисли статистиката
audit-action-person_export = изнесе данните на гражданин (искане за достъп)
audit-action-person_erase = изтри данните на гражданин (искане за изтриване)
audit-action-mail_resend = изпрати отново имейл, отказан от пощенския сървър

## Дневна сводка.
digest-subject = Глас: { $overdue } просрочени, { $soon } със срок до 2 работни дни
digest-overdue = Просрочени ({ $count }):
digest-soon = Със срок до 2 работни дни ({ $count }):

desk-login = Вход
desk-inbox-count = { $count ->
    [one] Едно ново постъпление
   *[other] { $count } нови постъпления
}

## Kiosks (/desk/kiosks, admins only).
kiosks-title = Киоски
kiosks-intro = Киоските със сензорен екран в звената за обслужване. Киоскът се регистрира с еднократен код; събраното от него се отчита за звеното, което обслужва, и остава на него, докато сървърът го получи.
kiosks-list = Всички киоски
kiosks-none = Още няма киоски.
kiosks-name = Къде се намира
kiosks-name-hint = За служителите, напр. „Фоайе, до входа“.
kiosks-name-missing = Посочете къде се намира киоскът.
kiosks-unit = Звено
kiosks-state = Състояние
kiosks-last-seen = Последна връзка
kiosks-queue = Чака на него
kiosks-version = Версия
kiosks-actions = Действия
kiosks-never = никога
kiosks-waiting = Чака своя код
kiosks-enrolled = Регистриран
kiosks-revoked = Отменен
kiosks-refused = Отказан на { $time }: събраното остава на него. Регистрирайте го отново с нов код.
kiosks-silent = Без връзка повече от един работен ден
kiosks-queued = { $count }, най-старото от { $time }
kiosks-add = Нов киоск
kiosks-add-submit = Добавяне на киоска и код за него
kiosks-new-code = Нов код за регистрация
kiosks-revoke = Отмяна
kiosks-code-title = Код за регистрация на „{ $name }“
kiosks-code-how = Показва се само сега и важи веднъж, до { $time }. На киоска отворете { $link } и въведете кода или сканирайте този QR код с киоска.
kiosks-code-qr = Връзката за регистрация, с кода
kiosks-revoked-done = „{ $name }“ е отменен: заявките му се отказват, а събраното остава на него, докато бъде регистриран отново.

## Kept aside as probably a robot's (server/src/screening.rs).
set-aside-title = Отделени
set-aside-intro = Подавания, които вероятно са изпратени от програма, а не от човек: скритото поле на формуляра е попълнено или са изпратени по-скоро след отварянето му, отколкото човек може да пише. Получили са обратна разписка като всички останали, но не са във входящите и в статистиката. Отворете някое, за да го прочетете; ако го е изпратил човек, върнете го във входящите.
set-aside-empty = Няма отделени подавания.
set-aside-why = Защо
set-aside-excerpt = Начало на текста
set-aside-trap = попълнено е скритото поле на формуляра, което хората не виждат
set-aside-too-fast = изпратено е по-скоро след отварянето на формуляра, отколкото човек може да пише
set-aside-banner = Отделено като вероятно изпратено от програма:
action-release = Изпратено е от човек: върни го във входящите
audit-action-release = върна отделено подаване във входящите
## Вход в две стъпки (/desk/totp).
totp-title = Вход в две стъпки
totp-intro = При вход в две стъпки влизането изисква паролата ви и код от приложение за удостоверяване на телефона ви (например FreeOTP, Aegis, Google Authenticator или Microsoft Authenticator). Кодът се сменя на всеки 30 секунди, така че откраднатата парола сама по себе си не отваря бюрото.
totp-required = Администраторите трябва да включат входа в две стъпки, преди да работят с бюрото.
totp-is-off = Входът в две стъпки е изключен.
totp-is-on = Входът в две стъпки е включен: след паролата бюрото пита за кода, който приложението показва.
totp-scan = 1. Сканирайте този QR код с приложението за удостоверяване или въведете ключа в него
totp-qr = QR код за приложението за удостоверяване
totp-key = Ключ
totp-confirm = 2. Въведете кода, който приложението показва сега
totp-code = Код (6 цифри)
totp-enable = Включи входа в две стъпки
totp-enabled = Входът в две стъпки е включен. От следващото влизане бюрото ще пита след паролата и за кода от приложението.
totp-code-wrong = Грешен или вече използван код. Въведете кода, който приложението показва сега.
totp-disable = Изключи входа в две стъпки
totp-disable-intro = Въведете паролата си и кода, който приложението показва сега.
totp-password = Парола
totp-password-wrong = Паролата не е вярна.
totp-disabled = Входът в две стъпки е изключен.
totp-required-on = Администраторите трябва да влизат в две стъпки, затова тук входът в две стъпки не може да се изключи. Ако телефонът е изгубен, друг администратор го изключва от страницата „Служители“, или администраторът на сървъра с glas user reset-totp.
totp-continue = Към бюрото
