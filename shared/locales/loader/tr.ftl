## The loader (widget/loader/glas.js), when the widget cannot open or stops working.
## cargo xtask widget writes these into the loader; nothing is compiled into the
## widget or the server. One line each; { $phone } and { $email } become links to the
## municipality profile's contacts, which the server puts into the loader it serves.
loader-failed = Geri bildirim formu çalışmıyor.
loader-contact = { $phone } numarasını arayın veya { $email } adresine yazın.
loader-retry = Tekrar deneyin
