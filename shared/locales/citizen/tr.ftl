## Alan hataları: her hata kodu için bir ileti (shared/src/invalid.rs).
error-required = Lütfen bu alanı doldurun.
error-too-short = Lütfen en az { $min } karakter yazın.
error-too-long = Lütfen { $max } karakteri aşmayın.
error-control-characters = Bu metin saklanamayan karakterler içeriyor. Lütfen yeniden yazın.
error-invalid-email = Bu bir e-posta adresine benzemiyor, ör. ad@example.com.
error-invalid-phone = Lütfen bir Bulgar telefon numarası (ör. 0888 123 456 veya +359 88 812 3456) ya da + ile başlayan uluslararası bir numara girin.
error-invalid-unit = Bu hizmet birimi bilinmiyor.
error-invalid-id = Gönderinin geçerli bir kimliği yok.
error-invalid-datetime = Gönderinin zamanı geçerli bir tarih ve saat değil.
error-unknown-kind = Lütfen geri bildirimin türünü seçin.
error-unknown-channel = Bu kanal bilinmiyor.
error-unknown-locale = Bu dil desteklenmiyor.
error-unknown-status = Bu durum bilinmiyor.
error-invalid-shape = İstek beklenen biçimde değil.
error-contact-required = Yazılı yanıt almak için lütfen bir e-posta ya da posta adresi verin (ya da isimsiz yazmak için adınızı boş bırakın).
error-kind-not-accepted = Belediye bu tür geri bildirimi burada kabul etmiyor.

## API'nin istek düzeyindeki hataları.
error-malformed-json = İstek geçerli bir JSON değil.
error-unsupported-media-type = Lütfen JSON gönderin (Content-Type: application/json).
error-payload-too-large = İstek çok büyük.
error-batch-too-large = Bir paket en fazla { $max } gönderi içerebilir.
error-conflict = Bu kimlikle farklı bir gönderi zaten kaydedilmiş.
error-not-found = Burada bir şey bulunamadı.
error-internal = Bizim tarafımızda bir sorun oluştu. Lütfen daha sonra yeniden deneyin.
error-unavailable = Hizmet şu anda yoğun. Lütfen biraz sonra yeniden deneyin.

## Araç.
widget-launcher = Geri bildirim
widget-title = Belediyeye iletin
widget-intro = Şikâyetler, bildirimler, öneriler, teşekkürler ve görüşler belediyeye ulaşır ve bir kayıt numarasıyla kaydedilir.
widget-close = Kapat
widget-language = Dil
kind-legend = Ne göndermek istiyorsunuz?
kind-complaint = Şikâyet
kind-signal = Sorun bildirimi
kind-proposal = Öneri
kind-praise = Teşekkür
kind-comment = Görüş
kind-corruption = Yolsuzluk bildirimi
text-label = Mesajınız
text-count = { $count } / { $max } karakter
contact-legend = İletişim bilgileriniz (isteğe bağlı)
contact-hint = Yazılı yanıt almak için bir ad ve bir e-posta ya da posta adresi verin.
name-label = Ad
email-label = E-posta
phone-label = Telefon
address-label = Posta adresi
anonymous-warning = İsimsiz şikâyetler ve bildirimler, sorun halkın sağlığını veya güvenliğini tehdit etmedikçe incelenmez.
health-or-safety-label = Bu, sağlık veya güvenlik için bir tehdit içeriyor
send = Gönder
sending = Gönderiliyor…
error-summary = Lütfen işaretli alanları düzeltin.
sent-title = Teşekkürler. Geri bildiriminiz kaydedildi.
sent-reference = Kayıt numarası: { $reference }
sent-due = Yanıtın son tarihi: { $date }.
sent-track = Durumunu takip edin
send-another = Yeni geri bildirim gönderin
queued-title = Bu cihaza kaydedildi
queued-body = Çevrimdışı görünüyorsunuz. Geri bildiriminiz bu cihaza kaydedildi ve bağlantı geri geldiğinde, bu sayfayı kapatsanız bile otomatik olarak gönderilecek.
queued-body-busy = Hizmet şu anda yoğun. Geri bildiriminiz bu cihaza kaydedildi ve bu sayfayı kapatsanız bile birazdan otomatik olarak gönderilecek.
queued-body-unreachable = Belediyenin sunucusuna şu anda ulaşılamıyor. Geri bildiriminiz bu cihaza kaydedildi ve mümkün olur olmaz, bu sayfayı kapatsanız bile otomatik olarak gönderilecek.
delivered-title = Daha önceki geri bildiriminiz iletildi
rejected-title = Kaydedilen geri bildiriminiz kaydedilemedi
rejected-edit = Düzenleyip yeniden gönderin
rejected-discard = Silin
notice-dismiss = Tamam
locale-name = Türkçe
outbox-pending = { $count ->
    [one] Daha önceki bir mesaj bu cihaza kaydedildi; bağlantı izin verdiğinde gönderilecek.
   *[other] Daha önceki { $count } mesaj bu cihaza kaydedildi; bağlantı izin verdiğinde gönderilecek.
}

## Durumlar ve nedenler: widget'ta (incelenmedi) ve takip sayfasında.
status-registered = Kaydedildi
status-in_review = İnceleniyor
status-answered = Yanıtlandı
status-not_examined = İncelenmedi
status-forwarded = Yönlendirildi
reason-anonymous = İsimsiz şikâyetler ve bildirimler, sağlık veya güvenlik için bir tehdit içermedikçe incelenmez. Gönderi kaydedildi ve sayıldı.
reason-obscene = Müstehcen veya hakaret içeren ifadeler içeriyor.
reason-outside_competence = Belediyenin yetki alanı dışında.
reason-personal_data = Kişisel verilerle ilgili sorular bu kanaldan yanıtlanmaz.

## Araç: belediye profilinin söyledikleri (türler, süreler, kişisel veriler, birimler).
kind-complaint-about = Bir hizmetten veya çalışandan memnun değilsiniz.
kind-signal-about = Yetkinin kötüye kullanılması, hukuka aykırı bir işlem veya şehirde bir sorun.
kind-proposal-about = Belediyenin çalışmasını iyileştirecek bir fikir.
kind-praise-about = İyi hizmet için teşekkür. Ekibe iletilir.
kind-comment-about = Hizmetler hakkındaki görüşünüz.
kind-corruption-about = Yalnızca yolsuzluk bildirimleriyle ilgilenmeye yetkili personel okuyabilir.
kind-answer-within = { $term } yazılı yanıt alırsınız.
kind-decided-within = { $term } karara bağlanır.
kind-no-answer = Yanıt gönderilmez.
kind-corruption-phone = Bildiriminizi telefonla da yapabilirsiniz: { $phone }.
term-days = { $count } gün içinde
term-months = { $count } ay içinde
anonymous-advice = İncelenmesi için adınızı ve bir e-posta ya da posta adresi verin.
obscene-warning = Mesajınız müstehcen veya hakaret olarak algılanabilecek sözcükler içeriyor. Belediye bu tür mesajları yanıtsız bırakabilir. Mesajınızı yeniden yazabilir ya da olduğu gibi gönderebilirsiniz.
privacy-notice = { $municipality }, verdiğiniz iletişim bilgilerini yalnızca geri bildiriminizi kaydetmek ve yanıtlamak için kullanır ve alındıktan sonra { $period } saklar.
privacy-notice-general = Verdiğiniz iletişim bilgileri yalnızca geri bildiriminizi kaydetmek ve yanıtlamak için kullanılır.
privacy-ask = Kişisel verilerinizle ilgili sorular için: { $email }.
privacy-link = Belediye kişisel verileri nasıl koruyor
period-years = { $count } yıl
period-days = { $count } gün
unit-about = Bu geri bildirimin ilgili olduğu birim: { $unit }
sent-not-examined-title = Geri bildiriminiz kaydedildi, ancak incelenmeyecek.
