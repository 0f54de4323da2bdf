## The staff desk: pages the server renders for municipal staff (Bulgarian and English).
desk-title = Staff desk
desk-login = Sign in
desk-logout = Sign out
desk-inbox-count = { $count ->
    [one] One new submission
   *[other] { $count } new submissions
}
