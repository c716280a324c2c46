/*
** 2026-11-25
**
** legacy_text.h: the texts LibreOffice's .doc and .rtf conversions of the
** same sources in tests/fixtures/legacy/ must both give. test_msdoc.c and
** test_rtf.c (and test_ole2.c for the properties) assert these, so the
** formats are held to one text rather than to copies that could drift.
*/
#ifndef DOMAT_LEGACY_TEXT_H
#define DOMAT_LEGACY_TEXT_H

/* The main text of stamped.fodt: paragraphs, cells and the row end each
** close a line; the footnote reference mark is dropped; the hyperlink keeps
** its text only. */
#define LEGACY_STAMPED_MAIN \
    "ỦY BAN NHÂN DÂN TỈNH\n" \
    "Số: 45/KH-UBND\n" \
    "TUYỆT MẬT\n" \
    "V/v kiểm tra công tác năm 2026.\n" \
    "Hạng mục\n" \
    "TỐI MẬT\n" \
    "\n" \
    "Kinh phí\n" \
    "Ghi chú\n" \
    "\n" \
    "Xem trang kế hoạch để biết thêm.\n"

/* stamped.fodt's document properties: title, subject, keywords. */
#define LEGACY_STAMPED_METADATA "Kế hoạch kiểm tra\nBảo vệ bí mật nhà nước\nkiểm tra\n"

/* The main text of unstamped.fodt: the stamp words only inside prose. */
#define LEGACY_UNSTAMPED_MAIN \
    "ỦY BAN NHÂN DÂN TỈNH\n" \
    "Số: 46/KH-UBND\n" \
    "Kế hoạch tuyên truyền Luật Bảo vệ bí mật nhà nước: các độ " \
    "Tuyệt mật, Tối mật, Mật và việc đổi mật khẩu định kỳ.\n" \
    "Nội dung\nThời gian\n\n\n"

/* The main text of vntime.fodt, its .VnTime runs converted; .VnTimeH
** capitals reuse the lower-case bytes, so they come out in lower case. */
#define LEGACY_VNTIME_MAIN \
    "Số: 12/KH-UBND\n" \
    "tối mật\n" \
    "Ghi chú: tài liệu mật khẩu\n" \
    "Bảo vệ bí mật nhà nước\n" \
    "TUYệT MậT\n"

#endif
