## Yalnızca kiosk ekranının söyledikleri (widget'ın kiosk paketi); form, hataları
## ve alındı, vatandaş kataloğunun sözlerini kullanır.

kiosk-page-title = Nasıl olduğumuzu bize söyleyin
kiosk-question = Bugün nasıl hizmet aldınız?
kiosk-score-1 = Hiç memnun değilim
kiosk-score-2 = Memnun değilim
kiosk-score-3 = Memnunum
kiosk-score-4 = Çok memnunum
kiosk-thanks = Teşekkürler!
kiosk-thanks-body = Değerlendirmeniz kaydedildi. Bize daha fazlasını anlatmak ister misiniz: şikâyet, bildirim, öneri, övgü veya yorum?
kiosk-tell-more = Daha fazlasını anlatın
kiosk-done = Bitir
kiosk-form-title = Belediyeye söyleyin
kiosk-qr = Geri bildiriminizi takip etmek ve cevabı okumak için bu kodu telefonunuzla tarayın.
kiosk-qr-alt = Geri bildiriminizi takip bağlantısının QR kodu
kiosk-queued = Geri bildiriminiz bu kioskta kaydedildi ve bağlantı elverir elvermez belediyeye otomatik olarak gönderilecek.
kiosk-idle = Hâlâ orada mısınız? Bu ekran { $seconds } saniye sonra baştan başlayacak ve yazılanları unutacak. Devam etmek için ekrana dokunun.
kiosk-idle-stay = Hâlâ buradayım
kiosk-mark-not-enrolled = Kayıtlı değil
kiosk-enrol-title = Bu kioskun kaydı
kiosk-enrol-body = Personel için: kiosk eklendiğinde masadaki Kiosklar sayfasında gösterilen kodu girin.
kiosk-enrol-code = Kayıt kodu
kiosk-enrol-submit = Kaydet
kiosk-enrol-invalid = Bu kod geçerli değil veya süresi doldu. Masadan yenisini isteyin.
kiosk-enrol-unreachable = Sunucuya ulaşılamıyor. Ağı kontrol edip yeniden deneyin.
