## Takip sayfası (sunucu tarafından oluşturulur).
track-title = Geri bildirim { $reference }
track-kind = Tür
track-received = Alındı
track-status = Durum
track-due = Yanıt son tarihi
track-not-found = Bu bağlantıya uyan bir geri bildirim yok.
track-reason = Neden
