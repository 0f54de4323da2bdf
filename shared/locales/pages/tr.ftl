## Takip sayfası (sunucu tarafından oluşturulur).
track-title = Geri bildirim { $reference }
track-kind = Tür
track-received = Alındı
track-status = Durum
track-due = Yanıt son tarihi
track-not-found = Bu bağlantıya uyan bir geri bildirim yok.
track-reason = Neden

## The answer: on the tracking page and in the e-mail to the citizen.
track-answer = Yanıt
track-correction = Düzeltilmiş yanıt
letter-regarding = Konu: { $reference } numaralı { $kind }, { $received } tarihli
letter-date = Tarih: { $date }
letter-correction = Bu yanıt, aynı başvuruya verilen önceki bir yanıtı düzeltir.
mail-answer-subject = { $reference } numaralı geri bildiriminize yanıt
