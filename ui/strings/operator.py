"""Strings of the operator area: login, queues, one report and its actions, intake, admin."""

STRINGS = {
    # Navigation.
    "op.nav.account": {"id": "Akun operator", "en": "Operator account"},
    "op.nav.queue": {"id": "Antrian laporan", "en": "Report queues"},
    "op.nav.report": {"id": "Tangani laporan", "en": "Handle a report"},
    "op.nav.intake": {"id": "Input laporan", "en": "Enter a report"},
    "op.nav.admin": {"id": "Administrasi", "en": "Administration"},
    # Roles.
    "op.role.admin": {"id": "Admin", "en": "Admin"},
    "op.role.verifikator": {"id": "Verifikator (Diskominfo)", "en": "Verifier (Diskominfo)"},
    "op.role.opd": {"id": "Operator OPD", "en": "Department operator"},
}

# Sign-in, sign-out, account.
STRINGS.update(
    {
        "op.login.title": {"id": "Masuk operator", "en": "Operator sign-in"},
        "op.login.intro": {
            "id": "Halaman ini untuk petugas Diskominfo dan OPD. Warga tidak perlu masuk: "
            "gunakan menu Kirim laporan atau Lacak tiket.",
            "en": "This page is for Diskominfo and department staff. Citizens do not need to "
            "sign in: use Submit a report or Track a ticket.",
        },
        "op.login.username": {"id": "Nama pengguna", "en": "Username"},
        "op.login.password": {"id": "Kata sandi", "en": "Password"},
        "op.login.submit": {"id": "Masuk", "en": "Sign in"},
        "op.login.missing": {
            "id": "Isi nama pengguna dan kata sandi.",
            "en": "Enter your username and password.",
        },
        "op.login.invalid": {
            "id": "Nama pengguna atau kata sandi salah.",
            "en": "Wrong username or password.",
        },
        "op.login.invalid_wait": {
            "id": "Nama pengguna atau kata sandi salah. Terlalu banyak percobaan gagal: "
            "coba lagi dalam {seconds} detik.",
            "en": "Wrong username or password. Too many failed attempts: try again in "
            "{seconds} seconds.",
        },
        "op.login.busy": {
            "id": "Server sedang sibuk. Coba lagi sebentar lagi.",
            "en": "The server is busy. Please try again in a moment.",
        },
        "op.login.throttled": {
            "id": "Terlalu banyak percobaan gagal. Tunggu {seconds} detik lagi sebelum mencoba.",
            "en": "Too many failed attempts. Wait {seconds} more seconds before trying again.",
        },
        "op.login.oidc": {
            "id": "Masuk dengan akun kota (SSO)",
            "en": "Sign in with city account (SSO)",
        },
        "op.login.oidc_or": {"id": "atau dengan kata sandi:", "en": "or with a password:"},
        "op.login.oidc_unavailable": {
            "id": "Masuk SSO belum dapat dipakai di server ini (paket Authlib belum terpasang).",
            "en": "SSO sign-in is not available on this server (the Authlib package is missing).",
        },
        "op.login.oidc_unknown": {
            "id": "Akun {who} belum terdaftar sebagai operator. Hubungi admin.",
            "en": "The account {who} is not registered as an operator. Contact an admin.",
        },
        "op.login.oidc_leave": {"id": "Keluar dari akun SSO", "en": "Sign out of SSO"},
        "op.account.signed_in_as": {
            "id": "Masuk sebagai {name} · {role}",
            "en": "Signed in as {name} · {role}",
        },
        "op.account.opd": {"id": "OPD: {opd}", "en": "Department: {opd}"},
        "op.account.logout": {"id": "Keluar", "en": "Sign out"},
        "op.account.go_queue": {"id": "Ke antrian laporan", "en": "Go to the report queues"},
        "op.account.change_password": {"id": "Ganti kata sandi", "en": "Change password"},
        "op.account.current_password": {"id": "Kata sandi sekarang", "en": "Current password"},
        "op.account.new_password": {"id": "Kata sandi baru", "en": "New password"},
        "op.account.repeat_password": {"id": "Ulangi kata sandi baru", "en": "Repeat new password"},
        "op.account.save_password": {"id": "Simpan kata sandi", "en": "Save password"},
        "op.account.passwords_differ": {
            "id": "Kedua kata sandi baru berbeda.",
            "en": "The two new passwords differ.",
        },
        "op.account.password_changed": {"id": "Kata sandi diganti.", "en": "Password changed."},
        "op.auth.not_permitted": {
            "id": "Halaman ini tidak tersedia untuk peran Anda.",
            "en": "This page is not available for your role.",
        },
        "op.auth.session_ended": {
            "id": "Sesi Anda berakhir (keluar di tab atau perangkat lain, terlalu lama tidak "
            "dipakai, atau akun diubah atau dinonaktifkan). Silakan masuk lagi.",
            "en": "Your session ended (signed out in another tab or device, unused for too "
            "long, or the account was changed or deactivated). Please sign in again.",
        },
        "op.auth.continue": {
            "id": "Lanjutkan (jika halaman tidak berpindah sendiri)",
            "en": "Continue (if the page does not move on by itself)",
        },
    }
)

# Account errors (data_layer.operators.OperatorError codes).
STRINGS.update(
    {
        "op.account_error.bad_username": {
            "id": "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, strip atau garis bawah.",
            "en": "Username: 3–40 characters, lower-case letters, digits, dot, dash or underscore.",
        },
        "op.account_error.weak_password": {
            "id": "Kata sandi minimal 10 karakter.",
            "en": "A password needs at least 10 characters.",
        },
        "op.account_error.bad_role": {"id": "Peran tidak dikenal.", "en": "Unknown role."},
        "op.account_error.missing_name": {
            "id": "Isi nama tampilan.",
            "en": "Enter a display name.",
        },
        "op.account_error.missing_credential": {
            "id": "Isi kata sandi atau identitas SSO.",
            "en": "Enter a password or an SSO identity.",
        },
        "op.account_error.opd_required": {
            "id": "Pilih OPD untuk operator OPD.",
            "en": "Choose the department of a department operator.",
        },
        "op.account_error.opd_not_allowed": {
            "id": "Hanya operator OPD yang terikat pada satu OPD.",
            "en": "Only a department operator belongs to a department.",
        },
        "op.account_error.unknown_opd": {"id": "OPD tidak dikenal.", "en": "Unknown department."},
        "op.account_error.bad_opd_code": {
            "id": "Kode OPD: 2-40 huruf kecil, angka, - atau _, diawali huruf.",
            "en": "Department code: 2-40 lower-case letters, digits, - or _, starting with a letter.",
        },
        "op.account_error.missing_opd_name": {
            "id": "Isi singkatan dan kedua nama OPD.",
            "en": "Enter the short name and both names of the department.",
        },
        "op.account_error.opd_name_too_long": {
            "id": "Nama terlalu panjang (singkatan paling banyak 40 karakter, nama 160).",
            "en": "A name is too long (short name at most 40 characters, names 160).",
        },
        "op.account_error.unknown_category": {
            "id": "Kategori tidak dikenal.",
            "en": "Unknown category.",
        },
        "op.account_error.username_taken": {
            "id": "Nama pengguna itu sudah dipakai.",
            "en": "That username is taken.",
        },
        "op.account_error.oidc_taken": {
            "id": "Identitas SSO itu sudah dipakai operator lain.",
            "en": "That SSO identity belongs to another operator.",
        },
        "op.account_error.wrong_password": {
            "id": "Kata sandi sekarang salah.",
            "en": "The current password is wrong.",
        },
        "op.account_error.same_password": {
            "id": "Kata sandi baru harus berbeda dari yang sekarang.",
            "en": "The new password must differ from the current one.",
        },
        "op.account_error.unknown_operator": {
            "id": "Akun tidak ditemukan.",
            "en": "Account not found.",
        },
        "op.account_error.not_permitted": {
            "id": "Hanya admin yang boleh melakukan ini.",
            "en": "Only an admin may do this.",
        },
        "op.account_error.cannot_deactivate_self": {
            "id": "Anda tidak dapat menonaktifkan akun sendiri.",
            "en": "You cannot deactivate your own account.",
        },
        "op.account_error.last_admin": {
            "id": "Admin aktif terakhir tidak dapat dinonaktifkan.",
            "en": "The last active admin cannot be deactivated.",
        },
    }
)

# Queues.
STRINGS.update(
    {
        "op.queue.title": {"id": "Antrian laporan", "en": "Report queues"},
        "op.queue.search": {"id": "Cari kode tiket", "en": "Search by ticket"},
        "op.queue.search_help": {
            "id": "Kode tiket lengkap (mis. 7QM2R-T9KXH) atau minimal 4 karakternya.",
            "en": "The full ticket code (e.g. 7QM2R-T9KXH) or at least 4 of its characters.",
        },
        "op.queue.search_none": {
            "id": "Tidak ada laporan dengan tiket itu yang dapat Anda lihat.",
            "en": "No report with that ticket that you may see.",
        },
        "op.queue.verify": {"id": "Perlu verifikasi", "en": "To verify"},
        "op.queue.forward": {"id": "Siap diteruskan", "en": "To forward"},
        "op.queue.needs_info": {"id": "Menunggu informasi", "en": "Needs information"},
        "op.queue.per_opd": {"id": "Per OPD", "en": "Per department"},
        "op.queue.my_opd": {"id": "Antrian {opd}", "en": "{opd} queue"},
        "op.queue.overdue": {"id": "Terlambat", "en": "Overdue"},
        "op.queue.empty": {"id": "Antrian kosong.", "en": "The queue is empty."},
        "op.queue.range": {
            "id": "{first}–{last} dari {total}",
            "en": "{first}–{last} of {total}",
        },
        "op.queue.click_hint": {
            "id": "klik baris untuk membuka laporannya",
            "en": "click a row to open its report",
        },
        "op.queue.no_match": {
            "id": "Tidak ada laporan di antrian ini yang cocok dengan pencarian dan filter.",
            "en": "No report in this queue matches the search and filters.",
        },
        "op.queue.previous": {"id": "← Sebelumnya", "en": "← Previous"},
        "op.queue.next": {"id": "Berikutnya →", "en": "Next →"},
        "op.queue.page": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
        "op.queue.text": {"id": "Saring dengan teks", "en": "Filter by text"},
        "op.queue.text_help": {
            "id": "Kata dalam judul laporan, atau kode tiket (lengkap atau minimal 4 karakternya).",
            "en": "Words of the report's title, or a ticket code (whole or at least 4 characters).",
        },
        "op.queue.sort": {"id": "Urutkan", "en": "Sort by"},
        "op.queue.sort.queue": {"id": "Urutan antrian", "en": "The queue's own order"},
        "op.queue.sort.sisa_waktu": {
            "id": "Sisa waktu tersingkat",
            "en": "Least time left",
        },
        "op.queue.sort.terlama": {"id": "Diterima paling lama", "en": "Received, oldest first"},
        "op.queue.sort.terbaru": {"id": "Diterima terbaru", "en": "Received, newest first"},
        "op.queue.sort.kelurahan": {
            "id": "Kecamatan dan {village_lower}",
            "en": "Kecamatan and {village_lower}",
        },
        "op.queue.choose_opd": {"id": "OPD", "en": "Department"},
        "op.queue.all_opds": {"id": "Semua OPD", "en": "All departments"},
        "op.queue.workload": {
            "id": "{opd}: {open} terbuka, {late} terlambat",
            "en": "{opd}: {open} open, {late} overdue",
        },
        "op.queue.open_report": {"id": "Buka laporan", "en": "Open report"},
        "op.queue.pick_report": {"id": "Laporan", "en": "Report"},
        "op.col.ticket": {"id": "Tiket", "en": "Ticket"},
        "op.col.title": {"id": "Judul", "en": "Title"},
        "op.col.category": {"id": "Kategori", "en": "Category"},
        "op.col.kelurahan": {"id": "{village}", "en": "{village}"},
        "op.col.status": {"id": "Status", "en": "Status"},
        "op.col.opd": {"id": "OPD", "en": "Department"},
        "op.col.channel": {"id": "Kanal", "en": "Channel"},
        "op.col.received": {"id": "Diterima", "en": "Received"},
        "op.col.sla": {"id": "Sisa waktu", "en": "Time left"},
        "op.col.same_text": {"id": "Teks sama", "en": "Same text"},
        "op.queue.same_text": {
            "id": "⚠ {count} laporan lain belum diverifikasi dengan teks yang sama",
            "en": "⚠ {count} other unverified reports with the same text",
        },
        "op.sla.left": {"id": "{days} hari kerja lagi", "en": "{days} working days left"},
        "op.sla.late": {"id": "terlambat {days} hari kerja", "en": "{days} working days late"},
        "op.sla.none": {"id": "–", "en": "–"},
    }
)

# One report.
STRINGS.update(
    {
        "op.report.title": {"id": "Tangani laporan", "en": "Handle a report"},
        "op.report.ticket_input": {"id": "Kode tiket", "en": "Ticket code"},
        "op.report.open": {"id": "Buka", "en": "Open"},
        "op.report.choose": {
            "id": "Masukkan kode tiket, atau pilih laporan dari antrian.",
            "en": "Enter a ticket code, or pick a report from a queue.",
        },
        "op.report.not_found": {
            "id": "Laporan tidak ditemukan, atau bukan wewenang OPD Anda.",
            "en": "Report not found, or not forwarded to your department.",
        },
        "op.report.kind": {"id": "Jenis", "en": "Kind"},
        "op.report.category": {"id": "Kategori", "en": "Category"},
        "op.report.location": {"id": "Lokasi", "en": "Location"},
        "op.report.channel": {"id": "Kanal", "en": "Channel"},
        "op.report.received": {"id": "Diterima", "en": "Received"},
        "op.report.opd": {"id": "OPD", "en": "Department"},
        "op.report.due": {"id": "Tenggat langkah ini", "en": "Due for this step"},
        "op.report.description": {"id": "Isi laporan", "en": "Report text"},
        "op.report.address": {"id": "Alamat", "en": "Address"},
        "op.report.coordinates": {"id": "Koordinat", "en": "Coordinates"},
        "op.report.reporter": {"id": "Pelapor", "en": "Reporter"},
        "op.report.reporter_hidden": {
            "id": "Pelapor memilih anonim: identitasnya tidak ditampilkan kepada OPD.",
            "en": "The reporter chose to be anonymous: their identity is not shown to departments.",
        },
        "op.report.reporter_anonymous_warning": {
            "id": "Pelapor memilih anonim: jangan teruskan identitas ini ke OPD atau pihak lain.",
            "en": "The reporter chose to be anonymous: never pass this identity on to a "
            "department or anyone else.",
        },
        "op.report.reporter_none": {"id": "Tanpa data pelapor.", "en": "No reporter details."},
        "op.report.reporter_name": {"id": "Nama", "en": "Name"},
        "op.report.reporter_phone": {"id": "Telepon", "en": "Phone"},
        "op.report.reporter_email": {"id": "Email", "en": "Email"},
        "op.report.reporter_nik": {"id": "NIK", "en": "NIK"},
        "op.report.confidential": {
            "id": "Rahasia: laporan ini tidak pernah ditampilkan kepada publik.",
            "en": "Confidential: this report is never shown publicly.",
        },
        "op.report.reject_reason": {"id": "Alasan penolakan: {reason}", "en": "Rejected: {reason}"},
        "op.report.reopened": {"id": "Dibuka kembali {count}×", "en": "Reopened {count}×"},
        "op.report.photos": {"id": "Foto", "en": "Photos"},
        "op.report.no_photos": {"id": "Belum ada foto.", "en": "No photos yet."},
        "op.report.feedback": {"id": "Tanggapan pelapor", "en": "Reporter feedback"},
        "op.report.audit": {"id": "Riwayat (jejak audit)", "en": "History (audit trail)"},
        "op.report.actions": {"id": "Tindakan", "en": "Actions"},
        "op.report.no_actions": {
            "id": "Tidak ada tindakan yang dapat Anda lakukan pada status ini.",
            "en": "There is nothing you can do at this status.",
        },
        "op.report.back": {"id": "Kembali ke antrian", "en": "Back to the queues"},
        "op.audit.at": {"id": "Waktu", "en": "Time"},
        "op.audit.change": {"id": "Perubahan", "en": "Change"},
        "op.audit.by": {"id": "Oleh", "en": "By"},
        "op.audit.opd": {"id": "OPD", "en": "Department"},
        "op.audit.public_note": {"id": "Catatan publik", "en": "Public note"},
        "op.audit.internal_note": {"id": "Catatan internal", "en": "Internal note"},
        "op.audit.note_only": {"id": "catatan ({status})", "en": "note ({status})"},
        "op.audit.actor.warga": {"id": "Pelapor", "en": "Reporter"},
        "op.audit.actor.sistem": {"id": "Sistem", "en": "System"},
        "op.feedback.confirm": {"id": "Konfirmasi selesai", "en": "Confirmed resolved"},
        "op.feedback.dispute": {"id": "Menyanggah", "en": "Disputed"},
        "op.feedback.info": {"id": "Menambah informasi", "en": "Added information"},
        "op.feedback.rating": {"id": "Nilai", "en": "Rating"},
        "op.feedback.comment": {"id": "Komentar", "en": "Comment"},
    }
)

# Actions.
STRINGS.update(
    {
        "op.action.choose": {"id": "Pilih tindakan", "en": "Choose an action"},
        "op.action.diverifikasi": {"id": "Verifikasi", "en": "Verify"},
        "op.action.perlu_info": {
            "id": "Minta informasi ke pelapor",
            "en": "Ask the reporter for information",
        },
        "op.action.ditolak": {"id": "Tolak", "en": "Reject"},
        "op.action.bukan_wewenang": {
            "id": "Bukan wewenang {city} (teruskan ke {higher_authority} / SP4N-LAPOR!)",
            "en": "Not the authority of {city} (pass on to {higher_authority} / SP4N-LAPOR!)",
        },
        "op.action.diteruskan": {
            "id": "Teruskan ke OPD (disposisi)",
            "en": "Forward to a department",
        },
        "op.action.diproses": {"id": "Mulai kerjakan", "en": "Start work"},
        "op.action.selesai": {"id": "Selesaikan", "en": "Resolve"},
        "op.action.ditutup": {"id": "Tutup", "en": "Close"},
        "op.action.dibuka_kembali": {"id": "Buka kembali", "en": "Reopen"},
        "op.action.arsip": {"id": "Arsipkan", "en": "Archive"},
        "op.action.ditarik": {
            "id": "Tarik (take-down): tidak pernah tampil untuk umum lagi",
            "en": "Withdraw (take-down): never public again",
        },
        "op.action.progress": {"id": "Tambah perkembangan", "en": "Add a progress update"},
        "op.action.internal_note_for_opd": {
            "id": "Catatan internal boleh dibaca OPD",
            "en": "The department may read the internal note",
        },
        "op.action.internal_note_anonymous": {
            "id": "Pelapor anonim: catatan internal hanya dibaca Diskominfo, tidak oleh OPD.",
            "en": "Anonymous reporter: the internal note is read by Diskominfo only, never by "
            "the department.",
        },
        "op.action.withdraw_reason_required": {
            "id": "Tulis alasan penarikan di catatan internal (untuk jejak audit).",
            "en": "Write why the report is withdrawn in the internal note (for the audit trail).",
        },
        "op.action.public_note": {"id": "Catatan publik", "en": "Public note"},
        "op.action.public_note_help": {
            "id": "Tampil di halaman lacak tiket. Jangan tulis data pribadi.",
            "en": "Shown on the public tracking page. Never write personal data here.",
        },
        "op.action.internal_note": {
            "id": "Catatan internal (opsional)",
            "en": "Internal note (optional)",
        },
        "op.action.internal_note_help": {
            "id": "Hanya untuk petugas; tidak pernah tampil publik.",
            "en": "For staff only; never shown publicly.",
        },
        "op.action.reject_reason": {"id": "Alasan penolakan", "en": "Reason for rejecting"},
        "op.action.destination": {"id": "Diteruskan ke", "en": "Passed on to"},
        "op.action.destination.laporgub": {
            "id": "{higher_authority}",
            "en": "{higher_authority}",
        },
        "op.action.destination.sp4n": {
            "id": "SP4N-LAPOR! (instansi pusat)",
            "en": "SP4N-LAPOR! (national agencies)",
        },
        "op.action.opd": {"id": "OPD tujuan", "en": "Department"},
        "op.action.opd_default": {
            "id": "{opd} (default kategori)",
            "en": "{opd} (category default)",
        },
        "op.action.after_photos": {"id": "Foto sesudah", "en": "After photos"},
        "op.action.after_photos_required": {
            "id": "Foto sesudah (wajib untuk aduan, minimal satu)",
            "en": "After photos (required for a complaint, at least one)",
        },
        "op.action.progress_photos": {
            "id": "Foto perkembangan (opsional)",
            "en": "Progress photos (optional)",
        },
        "op.action.submit": {"id": "Simpan", "en": "Save"},
        "op.action.note_required": {
            "id": "Tulis catatan publik untuk tindakan ini.",
            "en": "Write a public note for this action.",
        },
        "op.action.notes_kept": {
            "id": "Tidak ada yang tersimpan. Catatan yang Anda tulis tetap ada; perbaiki lalu simpan lagi.",
            "en": "Nothing was saved. The notes you typed are kept; fix the problem and save again.",
        },
    }
)

# Domain errors (data_layer.commands.DomainError codes).
STRINGS.update(
    {
        "op.error.domain_error": {
            "id": "Tindakan ini tidak dapat dilakukan.",
            "en": "This action cannot be done.",
        },
        "op.error.report_not_found": {"id": "Laporan tidak ditemukan.", "en": "Report not found."},
        "op.error.text_too_long": {
            "id": "Teks terlalu panjang: paling banyak {max} karakter. Isian Anda tetap tersimpan "
            "di formulir; persingkat lalu kirim lagi.",
            "en": "The text is too long: at most {max} characters. What you typed is still in "
            "the form; shorten it and send again.",
        },
        "op.error.transition_not_allowed": {
            "id": "Status laporan sudah berubah sehingga tindakan ini tidak lagi berlaku. "
            "Buka ulang laporan ini.",
            "en": "The report's status has changed, so this action no longer applies. "
            "Open this report again.",
        },
        "op.error.after_photo_required": {
            "id": "Aduan hanya dapat diselesaikan dengan minimal satu foto sesudah "
            "(bukti penyelesaian). Unggah fotonya di langkah ini.",
            "en": "A complaint can only be resolved with at least one after photo (proof of "
            "the fix). Upload it in this step.",
        },
        "op.error.not_permitted": {
            "id": "Peran Anda tidak boleh melakukan tindakan ini pada laporan ini.",
            "en": "Your role may not do this on this report.",
        },
        "op.error.missing_information": {
            "id": "Data untuk tindakan ini belum lengkap.",
            "en": "Information for this action is missing.",
        },
        "op.error.opd_unavailable": {
            "id": "OPD tujuan tidak dikenal atau sudah tidak aktif. Pilih OPD lain.",
            "en": "The chosen department is unknown or no longer active. Choose another one.",
        },
        "op.error.note_not_allowed": {
            "id": "Catatan tidak dapat ditambahkan pada laporan dengan status ini (atau bukan "
            "laporan yang diteruskan ke OPD Anda). Buka ulang laporan ini.",
            "en": "A note cannot be added to a report in this status (or one not forwarded to "
            "your department). Open this report again.",
        },
    }
)

# Intake on behalf of a citizen.
STRINGS.update(
    {
        "op.intake.title": {
            "id": "Input laporan dari kanal lain",
            "en": "Enter a report from another channel",
        },
        "op.intake.intro": {
            "id": "Catat laporan yang masuk lewat WhatsApp, Twitter/X, Call Center 112 atau "
            "datang langsung, agar semua kanal berakhir di basis data yang sama.",
            "en": "Record a report received by WhatsApp, Twitter/X, Call Center 112 or in person, "
            "so every channel ends in the same database.",
        },
        "op.intake.channel": {"id": "Kanal masuk", "en": "Channel received on"},
        "op.intake.kind": {"id": "Jenis laporan", "en": "Kind of report"},
        "op.intake.category": {"id": "Kategori", "en": "Category"},
        "op.intake.kelurahan": {"id": "{village}", "en": "{village}"},
        "op.intake.address": {
            "id": "Alamat / patokan (opsional)",
            "en": "Address / landmark (optional)",
        },
        "op.intake.location": {
            "id": "Koordinat (opsional, mis. {coordinate_example})",
            "en": "Coordinates (optional, e.g. {coordinate_example})",
        },
        "op.intake.report_title": {"id": "Judul", "en": "Title"},
        "op.intake.description": {"id": "Isi laporan", "en": "Report text"},
        "op.intake.photos": {
            "id": "Foto (opsional, maks. {max})",
            "en": "Photos (optional, max {max})",
        },
        "op.intake.name": {"id": "Nama pelapor (opsional)", "en": "Reporter's name (optional)"},
        "op.intake.phone": {
            "id": "Telepon / WhatsApp (opsional)",
            "en": "Phone / WhatsApp (optional)",
        },
        "op.intake.email": {"id": "Email (opsional)", "en": "Email (optional)"},
        "op.intake.anonymous": {
            "id": "Anonim: identitas pelapor disembunyikan, juga dari OPD",
            "en": "Anonymous: the reporter's identity is hidden, from departments too",
        },
        "op.intake.confidential": {
            "id": "Rahasia: laporan tidak pernah tampil publik",
            "en": "Confidential: the report is never shown publicly",
        },
        "op.intake.submit": {"id": "Simpan laporan", "en": "Save report"},
        "op.intake.saved": {
            "id": "Laporan tersimpan dengan tiket {ticket}.",
            "en": "Report saved with ticket {ticket}.",
        },
        "op.intake.followup": {
            "id": "Kode tindak lanjut pelapor (sampaikan kepada pelapor; hanya tampil sekali):",
            "en": "The reporter's follow-up code (pass it on to them; shown only once):",
        },
        "op.intake.fix": {
            "id": "Periksa isian yang ditandai. Isian Anda tetap tersimpan.",
            "en": "Check the marked fields. What you typed is kept.",
        },
        "op.intake.another": {"id": "Input laporan lain", "en": "Enter another report"},
    }
)

# Administration.
STRINGS.update(
    {
        "op.admin.title": {"id": "Administrasi", "en": "Administration"},
        "op.admin.operators": {"id": "Operator", "en": "Operators"},
        "op.admin.categories": {
            "id": "Kategori dan OPD default",
            "en": "Categories and default departments",
        },
        "op.admin.opds": {"id": "OPD aktif", "en": "Active departments"},
        "op.admin.new_operator": {"id": "Tambah operator", "en": "Add an operator"},
        "op.admin.username": {"id": "Nama pengguna", "en": "Username"},
        "op.admin.display_name": {"id": "Nama tampilan", "en": "Display name"},
        "op.admin.role": {"id": "Peran", "en": "Role"},
        "op.admin.opd": {
            "id": "OPD (untuk operator OPD)",
            "en": "Department (for department operators)",
        },
        "op.admin.no_opd": {"id": "— tidak ada —", "en": "— none —"},
        "op.admin.password": {"id": "Kata sandi awal", "en": "Initial password"},
        "op.admin.oidc_subject": {
            "id": "Identitas SSO (email atau subject, opsional)",
            "en": "SSO identity (email or subject, optional)",
        },
        "op.admin.create": {"id": "Buat operator", "en": "Create operator"},
        "op.admin.created": {
            "id": "Operator {username} dibuat.",
            "en": "Operator {username} created.",
        },
        "op.admin.active": {"id": "Aktif", "en": "Active"},
        "op.admin.last_login": {"id": "Terakhir masuk", "en": "Last sign-in"},
        "op.admin.failed_logins": {
            "id": "Gagal masuk sejak terakhir berhasil",
            "en": "Failed sign-ins since the last success",
        },
        "op.admin.last_failed_login": {"id": "Terakhir gagal", "en": "Last failure"},
        "op.admin.change_role": {
            "id": "Ubah peran/OPD (sesi akun ini berakhir)",
            "en": "Change role/OPD (ends this account's sessions)",
        },
        "op.admin.login_method": {"id": "Cara masuk", "en": "Sign-in method"},
        "op.admin.method.password": {"id": "kata sandi", "en": "password"},
        "op.admin.method.sso": {"id": "SSO", "en": "SSO"},
        "op.admin.manage_operator": {"id": "Kelola operator", "en": "Manage an operator"},
        "op.admin.deactivate": {"id": "Nonaktifkan", "en": "Deactivate"},
        "op.admin.reactivate": {"id": "Aktifkan kembali", "en": "Reactivate"},
        "op.admin.reset_password": {"id": "Atur ulang kata sandi", "en": "Reset password"},
        "op.admin.new_password": {"id": "Kata sandi baru", "en": "New password"},
        "op.admin.saved": {"id": "Tersimpan.", "en": "Saved."},
        "op.admin.category": {"id": "Kategori", "en": "Category"},
        "op.admin.default_opd": {"id": "OPD default", "en": "Default department"},
        "op.admin.kecamatan_office": {
            "id": "Kantor kecamatan lokasi laporan",
            "en": "The kecamatan office of the report's location",
        },
        "op.admin.save_routing": {"id": "Simpan OPD default", "en": "Save default department"},
        "op.admin.opd_active_help": {
            "id": "OPD nonaktif tidak ditawarkan saat meneruskan laporan; riwayatnya tetap ada.",
            "en": "Inactive departments are not offered when forwarding; their history stays.",
        },
        "op.admin.save_opds": {"id": "Simpan OPD aktif", "en": "Save active departments"},
        "op.admin.edit_opd": {
            "id": "Tambah atau ubah nama OPD",
            "en": "Add or rename a department",
        },
        "op.admin.edit_opd_help": {
            "id": "Daftar awal OPD berasal dari profil kota atau templat standar dinas. Nama yang "
            "disimpan di sini tidak ditimpa saat data referensi dimuat ulang.",
            "en": "The first OPD list comes from the city profile or the standard template. Names "
            "saved here are kept when the reference data is loaded again.",
        },
        "op.admin.opd_to_edit": {"id": "OPD", "en": "Department"},
        "op.admin.new_opd": {"id": "— OPD baru —", "en": "— new department —"},
        "op.admin.opd_code": {
            "id": "Kode (huruf kecil, mis. dispora)",
            "en": "Code (lower case, e.g. dispora)",
        },
        "op.admin.opd_short_name": {"id": "Singkatan", "en": "Short name"},
        "op.admin.opd_name_id": {"id": "Nama (Bahasa Indonesia)", "en": "Name (Indonesian)"},
        "op.admin.opd_name_en": {"id": "Nama (Inggris)", "en": "Name (English)"},
        "op.admin.save_opd": {"id": "Simpan OPD", "en": "Save department"},
    }
)

# Moderation: publishing a reporter's words, redaction (take-down), its audit.
STRINGS.update(
    {
        "op.publish.title": {
            "id": "Terbitkan tanggapan pelapor (setelah disunting)",
            "en": "Publish the reporter's feedback (after moderation)",
        },
        "op.publish.help": {
            "id": "Tanggapan pelapor tidak pernah tampil untuk umum apa adanya. Sunting teks di "
            "bawah (hapus nama, nomor telepon, alamat) lalu terbitkan sebagai catatan publik.",
            "en": "A reporter's feedback is never shown publicly as written. Edit the text below "
            "(remove names, phone numbers, addresses), then publish it as a public note.",
        },
        "op.publish.choose": {"id": "Tanggapan", "en": "Feedback"},
        "op.publish.text": {"id": "Teks yang diterbitkan", "en": "Text to publish"},
        "op.publish.submit": {"id": "Terbitkan", "en": "Publish"},
        "op.publish.done": {
            "id": "Tanggapan yang disunting telah diterbitkan.",
            "en": "The moderated feedback has been published.",
        },
        "op.redact.title": {
            "id": "Sunting isi (take-down data pribadi atau kata kasar)",
            "en": "Redact content (take-down of personal data or abuse)",
        },
        "op.redact.help": {
            "id": "Teks asli disimpan di jejak audit yang hanya dapat dibaca admin.",
            "en": "The original text is kept in an audit trail only admins can read.",
        },
        "op.redact.field": {"id": "Bagian yang disunting", "en": "Part to redact"},
        "op.redact.field.title": {"id": "Judul laporan", "en": "Report title"},
        "op.redact.field.description": {"id": "Uraian laporan", "en": "Report description"},
        "op.redact.field.note": {
            "id": "Catatan {kind} · {at}: {preview}",
            "en": "{kind} note · {at}: {preview}",
        },
        "op.redact.kind.public_note": {"id": "publik", "en": "Public"},
        "op.redact.kind.internal_note": {"id": "internal", "en": "Internal"},
        "op.redact.replacement": {
            "id": 'Teks pengganti (kosongkan untuk "[disunting oleh Diskominfo]")',
            "en": 'Replacement text (leave empty for "[disunting oleh Diskominfo]")',
        },
        "op.redact.reason": {"id": "Alasan (wajib)", "en": "Reason (required)"},
        "op.redact.submit": {"id": "Sunting", "en": "Redact"},
        "op.redact.done": {"id": "Isi telah disunting.", "en": "The content has been redacted."},
        "op.redact.reason_required": {
            "id": "Tulis alasan penyuntingan.",
            "en": "Write why it is redacted.",
        },
        "op.redactions.title": {
            "id": "Jejak penyuntingan (hanya admin)",
            "en": "Redaction audit (admins only)",
        },
        "op.redactions.field": {"id": "Bagian", "en": "Part"},
        "op.redactions.original": {"id": "Teks asli", "en": "Original"},
        "op.redactions.replacement": {"id": "Pengganti", "en": "Replacement"},
        "op.redactions.reason": {"id": "Alasan", "en": "Reason"},
    }
)
