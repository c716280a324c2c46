/*
** 2026-11-25
**
** test_decode.c: tests for engine/decode.c: every encoding decodes the stamp
** words and real paragraphs to the right code points with byte-exact
** offsets, segment splits change nothing, and detection picks the encoding
** a document was really written in.
**
** The encoded paragraphs below were produced at development time with glibc
** iconv (CP1258, TCVN5712-1, CP1252) and, for VNI, which iconv lacks, from
** the VNI table by a script; the expected texts are the Unicode originals.
*/
#include "text_util.h"

#include "decode.h"

/* ------------------------------------------------------------ vectors -- */

/* A plan and an official letter in administrative Vietnamese. */
static const char VN1[] =
    "Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018; căn cứ "
    "Nghị định số 26/2020/NĐ-CP ngày 28 tháng 02 năm 2020 của Chính phủ quy "
    "định chi tiết một số điều của Luật Bảo vệ bí mật nhà nước. Ủy ban nhân "
    "dân tỉnh ban hành Quy chế bảo vệ bí mật nhà nước trên địa bàn tỉnh. Tài "
    "liệu này thuộc độ TỐI MẬT, không được sao chụp, chuyển giao khi chưa "
    "được người có thẩm quyền cho phép.";
static const char VN2[] =
    "Kính gửi: Giám đốc các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các "
    "huyện, thị xã, thành phố. Thực hiện chỉ đạo của Thủ tướng Chính phủ về "
    "việc tăng cường công tác bảo vệ bí mật nhà nước, đề nghị các cơ quan, "
    "đơn vị rà soát, thống kê tài liệu TUYỆT MẬT, TỐI MẬT, MẬT đang quản lý "
    "và báo cáo kết quả về Văn phòng trước ngày 30 tháng 6 năm 2025. Nơi "
    "nhận: Như trên; Lưu: VT, NC.";
static const char FR_UTF8[] =
    "Le comité a décidé, après une longue réunion, de présenter le projet à "
    "la délégation française. Où est la clé ? Ça dépend : les élèves "
    "étrangers reçoivent déjà leurs diplômes à l’école « Sainte-Geneviève » "
    "; c’est très bien, même s’il pleut.";

/* VN2 in TCVN3 as .VnTime/.VnTimeH store it: toned capitals use the
** lower-case byte; produced with iconv -t TCVN5712-1 */
static const char VN2_TCVN3[] =
    "K\xDDnh g\xF6i: Gi\xB8m \xAE\xE8""c c\xB8""c s\xEB, ban, ng\xB5nh; C"
    "h\xF1 t\xDE""ch \xF1y ban nh\xA9n d\xA9n c\xB8""c huy\xD6n, th\xDE x"
    "\xB7, th\xB5nh ph\xE8. Th\xF9""c hi\xD6n ch\xD8 \xAE\xB9o c\xF1""a T"
    "h\xF1 t\xAD\xEDng Ch\xDDnh ph\xF1 v\xD2 vi\xD6""c t\xA8ng c\xAD\xEAn"
    "g c\xABng t\xB8""c b\xB6o v\xD6 b\xDD m\xCBt nh\xB5 n\xAD\xED""c, "
    "\xAE\xD2 ngh\xDE c\xB8""c c\xAC quan, \xAE\xACn v\xDE r\xB5 so\xB8t,"
    " th\xE8ng k\xAA t\xB5i li\xD6u TUY\xD6T M\xCBT, T\xE8I M\xCBT, M\xCB"
    "T \xAE""ang qu\xB6n l\xFD v\xB5 b\xB8o c\xB8o k\xD5t qu\xB6 v\xD2 V"
    "\xA8n ph\xDFng tr\xAD\xED""c ng\xB5y 30 th\xB8ng 6 n\xA8m 2025. N"
    "\xACi nh\xCBn: Nh\xAD tr\xAAn; L\xADu: VT, NC.";

/* what VN2_TCVN3 decodes to: VN2 with toned capitals in lower case */
static const char VN2_TCVN3_TEXT[] =
    "K\xC3\xADnh g\xE1\xBB\xADi: Gi\xC3\xA1m \xC4\x91\xE1\xBB\x91""c c"
    "\xC3\xA1""c s\xE1\xBB\x9F, ban, ng\xC3\xA0nh; Ch\xE1\xBB\xA7 t\xE1"
    "\xBB\x8B""ch \xE1\xBB\xA7y ban nh\xC3\xA2n d\xC3\xA2n c\xC3\xA1""c h"
    "uy\xE1\xBB\x87n, th\xE1\xBB\x8B x\xC3\xA3, th\xC3\xA0nh ph\xE1\xBB"
    "\x91. Th\xE1\xBB\xB1""c hi\xE1\xBB\x87n ch\xE1\xBB\x89 \xC4\x91\xE1"
    "\xBA\xA1o c\xE1\xBB\xA7""a Th\xE1\xBB\xA7 t\xC6\xB0\xE1\xBB\x9Bng Ch"
    "\xC3\xADnh ph\xE1\xBB\xA7 v\xE1\xBB\x81 vi\xE1\xBB\x87""c t\xC4\x83n"
    "g c\xC6\xB0\xE1\xBB\x9Dng c\xC3\xB4ng t\xC3\xA1""c b\xE1\xBA\xA3o v"
    "\xE1\xBB\x87 b\xC3\xAD m\xE1\xBA\xADt nh\xC3\xA0 n\xC6\xB0\xE1\xBB"
    "\x9B""c, \xC4\x91\xE1\xBB\x81 ngh\xE1\xBB\x8B c\xC3\xA1""c c\xC6\xA1"
    " quan, \xC4\x91\xC6\xA1n v\xE1\xBB\x8B r\xC3\xA0 so\xC3\xA1t, th\xE1"
    "\xBB\x91ng k\xC3\xAA t\xC3\xA0i li\xE1\xBB\x87u TUY\xE1\xBB\x87T M"
    "\xE1\xBA\xADT, T\xE1\xBB\x91I M\xE1\xBA\xADT, M\xE1\xBA\xADT \xC4"
    "\x91""ang qu\xE1\xBA\xA3n l\xC3\xBD v\xC3\xA0 b\xC3\xA1o c\xC3\xA1o "
    "k\xE1\xBA\xBFt qu\xE1\xBA\xA3 v\xE1\xBB\x81 V\xC4\x83n ph\xC3\xB2ng "
    "tr\xC6\xB0\xE1\xBB\x9B""c ng\xC3\xA0y 30 th\xC3\xA1ng 6 n\xC4\x83m 2"
    "025. N\xC6\xA1i nh\xE1\xBA\xADn: Nh\xC6\xB0 tr\xC3\xAAn; L\xC6\xB0u:"
    " VT, NC.";

/* VN2 in VNI-Times, written from the VNI table */
static const char VN2_VNI[] =
    "K\xEDnh g\xF6\xFBi: Gia\xF9m \xF1o\xE1""c ca\xF9""c s\xF4\xFB, ban, "
    "nga\xF8nh; Chu\xFB t\xF2""ch U\xDBy ban nha\xE2n da\xE2n ca\xF9""c h"
    "uye\xE4n, th\xF2 xa\xF5, tha\xF8nh pho\xE1. Th\xF6\xEF""c hie\xE4n c"
    "h\xE6 \xF1""a\xEFo cu\xFB""a Thu\xFB t\xF6\xF4\xF9ng Ch\xEDnh phu"
    "\xFB ve\xE0 vie\xE4""c ta\xEAng c\xF6\xF4\xF8ng co\xE2ng ta\xF9""c b"
    "a\xFBo ve\xE4 b\xED ma\xE4t nha\xF8 n\xF6\xF4\xF9""c, \xF1""e\xE0 ng"
    "h\xF2 ca\xF9""c c\xF4 quan, \xF1\xF4n v\xF2 ra\xF8 soa\xF9t, tho\xE1"
    "ng ke\xE2 ta\xF8i lie\xE4u TUYE\xC4T MA\xC4T, TO\xC1I MA\xC4T, MA"
    "\xC4T \xF1""ang qua\xFBn ly\xF9 va\xF8 ba\xF9o ca\xF9o ke\xE1t qua"
    "\xFB ve\xE0 Va\xEAn pho\xF8ng tr\xF6\xF4\xF9""c nga\xF8y 30 tha\xF9n"
    "g 6 na\xEAm 2025. N\xF4i nha\xE4n: Nh\xF6 tre\xE2n; L\xF6u: VT, NC.";

/* VN2 in Windows-1258: iconv -t CP1258 */
static const char VN2_CP1258[] =
    "K\xEDnh g\xFD\xD2i: Gi\xE1m \xF0\xF4\xEC""c c\xE1""c s\xF5\xD2, ban,"
    " ng\xE0nh; Chu\xD2 ti\xF2""ch U\xD2y ban nh\xE2n d\xE2n c\xE1""c huy"
    "\xEA\xF2n, thi\xF2 xa\xDE, th\xE0nh ph\xF4\xEC. Th\xFD\xF2""c hi\xEA"
    "\xF2n chi\xD2 \xF0""a\xF2o cu\xD2""a Thu\xD2 t\xFD\xF5\xECng Ch\xEDn"
    "h phu\xD2 v\xEA\xCC vi\xEA\xF2""c t\xE3ng c\xFD\xF5\xCCng c\xF4ng t"
    "\xE1""c ba\xD2o v\xEA\xF2 b\xED m\xE2\xF2t nh\xE0 n\xFD\xF5\xEC""c, "
    "\xF0\xEA\xCC nghi\xF2 c\xE1""c c\xF5 quan, \xF0\xF5n vi\xF2 r\xE0 so"
    "\xE1t, th\xF4\xECng k\xEA t\xE0i li\xEA\xF2u TUY\xCA\xF2T M\xC2\xF2T"
    ", T\xD4\xECI M\xC2\xF2T, M\xC2\xF2T \xF0""ang qua\xD2n ly\xEC v\xE0 "
    "b\xE1o c\xE1o k\xEA\xECt qua\xD2 v\xEA\xCC V\xE3n pho\xCCng tr\xFD"
    "\xF5\xEC""c ng\xE0y 30 th\xE1ng 6 n\xE3m 2025. N\xF5i nh\xE2\xF2n: N"
    "h\xFD tr\xEAn; L\xFDu: VT, NC.";

/* VN2_CP1258 decoded byte by byte by Python's cp1258 codec: tone marks
** stay combining code points */
static const char VN2_CP1258_TEXT[] =
    "K\xC3\xADnh g\xC6\xB0\xCC\x89i: Gi\xC3\xA1m \xC4\x91\xC3\xB4\xCC\x81"
    "c c\xC3\xA1""c s\xC6\xA1\xCC\x89, ban, ng\xC3\xA0nh; Chu\xCC\x89 ti"
    "\xCC\xA3""ch U\xCC\x89y ban nh\xC3\xA2n d\xC3\xA2n c\xC3\xA1""c huy"
    "\xC3\xAA\xCC\xA3n, thi\xCC\xA3 xa\xCC\x83, th\xC3\xA0nh ph\xC3\xB4"
    "\xCC\x81. Th\xC6\xB0\xCC\xA3""c hi\xC3\xAA\xCC\xA3n chi\xCC\x89 \xC4"
    "\x91""a\xCC\xA3o cu\xCC\x89""a Thu\xCC\x89 t\xC6\xB0\xC6\xA1\xCC\x81"
    "ng Ch\xC3\xADnh phu\xCC\x89 v\xC3\xAA\xCC\x80 vi\xC3\xAA\xCC\xA3""c "
    "t\xC4\x83ng c\xC6\xB0\xC6\xA1\xCC\x80ng c\xC3\xB4ng t\xC3\xA1""c ba"
    "\xCC\x89o v\xC3\xAA\xCC\xA3 b\xC3\xAD m\xC3\xA2\xCC\xA3t nh\xC3\xA0 "
    "n\xC6\xB0\xC6\xA1\xCC\x81""c, \xC4\x91\xC3\xAA\xCC\x80 nghi\xCC\xA3 "
    "c\xC3\xA1""c c\xC6\xA1 quan, \xC4\x91\xC6\xA1n vi\xCC\xA3 r\xC3\xA0 "
    "so\xC3\xA1t, th\xC3\xB4\xCC\x81ng k\xC3\xAA t\xC3\xA0i li\xC3\xAA"
    "\xCC\xA3u TUY\xC3\x8A\xCC\xA3T M\xC3\x82\xCC\xA3T, T\xC3\x94\xCC\x81"
    "I M\xC3\x82\xCC\xA3T, M\xC3\x82\xCC\xA3T \xC4\x91""ang qua\xCC\x89n "
    "ly\xCC\x81 v\xC3\xA0 b\xC3\xA1o c\xC3\xA1o k\xC3\xAA\xCC\x81t qua"
    "\xCC\x89 v\xC3\xAA\xCC\x80 V\xC4\x83n pho\xCC\x80ng tr\xC6\xB0\xC6"
    "\xA1\xCC\x81""c ng\xC3\xA0y 30 th\xC3\xA1ng 6 n\xC4\x83m 2025. N\xC6"
    "\xA1i nh\xC3\xA2\xCC\xA3n: Nh\xC6\xB0 tr\xC3\xAAn; L\xC6\xB0u: VT, N"
    "C.";

/* VN1 in UTF-8, decomposed (NFD) */
static const char VN1_NFD[] =
    "Ca\xCC\x86n cu\xCC\x9B\xCC\x81 Lua\xCC\xA3\xCC\x82t Ba\xCC\x89o ve"
    "\xCC\xA3\xCC\x82 bi\xCC\x81 ma\xCC\xA3\xCC\x82t nha\xCC\x80 nu\xCC"
    "\x9Bo\xCC\x9B\xCC\x81""c nga\xCC\x80y 15 tha\xCC\x81ng 11 na\xCC\x86"
    "m 2018; ca\xCC\x86n cu\xCC\x9B\xCC\x81 Nghi\xCC\xA3 \xC4\x91i\xCC"
    "\xA3nh so\xCC\x82\xCC\x81 26/2020/N\xC4\x90-CP nga\xCC\x80y 28 tha"
    "\xCC\x81ng 02 na\xCC\x86m 2020 cu\xCC\x89""a Chi\xCC\x81nh phu\xCC"
    "\x89 quy \xC4\x91i\xCC\xA3nh chi tie\xCC\x82\xCC\x81t mo\xCC\xA3\xCC"
    "\x82t so\xCC\x82\xCC\x81 \xC4\x91ie\xCC\x82\xCC\x80u cu\xCC\x89""a L"
    "ua\xCC\xA3\xCC\x82t Ba\xCC\x89o ve\xCC\xA3\xCC\x82 bi\xCC\x81 ma\xCC"
    "\xA3\xCC\x82t nha\xCC\x80 nu\xCC\x9Bo\xCC\x9B\xCC\x81""c. U\xCC\x89y"
    " ban nha\xCC\x82n da\xCC\x82n ti\xCC\x89nh ban ha\xCC\x80nh Quy che"
    "\xCC\x82\xCC\x81 ba\xCC\x89o ve\xCC\xA3\xCC\x82 bi\xCC\x81 ma\xCC"
    "\xA3\xCC\x82t nha\xCC\x80 nu\xCC\x9Bo\xCC\x9B\xCC\x81""c tre\xCC\x82"
    "n \xC4\x91i\xCC\xA3""a ba\xCC\x80n ti\xCC\x89nh. Ta\xCC\x80i lie\xCC"
    "\xA3\xCC\x82u na\xCC\x80y thuo\xCC\xA3\xCC\x82""c \xC4\x91o\xCC\xA3"
    "\xCC\x82 TO\xCC\x82\xCC\x81I MA\xCC\xA3\xCC\x82T, kho\xCC\x82ng \xC4"
    "\x91u\xCC\x9Bo\xCC\x9B\xCC\xA3""c sao chu\xCC\xA3p, chuye\xCC\x82"
    "\xCC\x89n giao khi chu\xCC\x9B""a \xC4\x91u\xCC\x9Bo\xCC\x9B\xCC\xA3"
    "c ngu\xCC\x9Bo\xCC\x9B\xCC\x80i co\xCC\x81 tha\xCC\x82\xCC\x89m quye"
    "\xCC\x82\xCC\x80n cho phe\xCC\x81p.";

/* VN1 in TCVN3, read as Windows-1252 and saved as UTF-8 (tèi mËt) */
static const char VN1_LOOK_TCVN3[] =
    "C\xC2\xA8n c\xC3\xB8 Lu\xC3\x8Bt B\xC2\xB6o v\xC3\x96 b\xC3\x9D m"
    "\xC3\x8Bt nh\xC2\xB5 n\xC2\xAD\xC3\xAD""c ng\xC2\xB5y 15 th\xC2\xB8n"
    "g 11 n\xC2\xA8m 2018; c\xC2\xA8n c\xC3\xB8 Ngh\xC3\x9E \xC2\xAE\xC3"
    "\x9Enh s\xC3\xA8 26/2020/N\xC2\xA7-CP ng\xC2\xB5y 28 th\xC2\xB8ng 02"
    " n\xC2\xA8m 2020 c\xC3\xB1""a Ch\xC3\x9Dnh ph\xC3\xB1 quy \xC2\xAE"
    "\xC3\x9Enh chi ti\xC3\x95t m\xC3\xA9t s\xC3\xA8 \xC2\xAEi\xC3\x92u c"
    "\xC3\xB1""a Lu\xC3\x8Bt B\xC2\xB6o v\xC3\x96 b\xC3\x9D m\xC3\x8Bt nh"
    "\xC2\xB5 n\xC2\xAD\xC3\xAD""c. \xC3\xB1y ban nh\xC2\xA9n d\xC2\xA9n "
    "t\xC3\x98nh ban h\xC2\xB5nh Quy ch\xC3\x95 b\xC2\xB6o v\xC3\x96 b"
    "\xC3\x9D m\xC3\x8Bt nh\xC2\xB5 n\xC2\xAD\xC3\xAD""c tr\xC2\xAAn \xC2"
    "\xAE\xC3\x9E""a b\xC2\xB5n t\xC3\x98nh. T\xC2\xB5i li\xC3\x96u n\xC2"
    "\xB5y thu\xC3\xA9""c \xC2\xAE\xC3\xA9 T\xC3\xA8I M\xC3\x8BT, kh\xC2"
    "\xABng \xC2\xAE\xC2\xAD\xC3\xAE""c sao ch\xC3\xB4p, chuy\xC3\x93n gi"
    "ao khi ch\xC2\xAD""a \xC2\xAE\xC2\xAD\xC3\xAE""c ng\xC2\xAD\xC3\xAAi"
    " c\xC3\xA3 th\xC3\x88m quy\xC3\x92n cho ph\xC3\x90p.";

/* what VN1_LOOK_TCVN3 decodes to */
static const char VN1_LOOK_TCVN3_TEXT[] =
    "C\xC4\x83n c\xE1\xBB\xA9 Lu\xE1\xBA\xADt B\xE1\xBA\xA3o v\xE1\xBB"
    "\x87 b\xC3\xAD m\xE1\xBA\xADt nh\xC3\xA0 n\xC6\xB0\xE1\xBB\x9B""c ng"
    "\xC3\xA0y 15 th\xC3\xA1ng 11 n\xC4\x83m 2018; c\xC4\x83n c\xE1\xBB"
    "\xA9 Ngh\xE1\xBB\x8B \xC4\x91\xE1\xBB\x8Bnh s\xE1\xBB\x91 26/2020/N"
    "\xC4\x90-CP ng\xC3\xA0y 28 th\xC3\xA1ng 02 n\xC4\x83m 2020 c\xE1\xBB"
    "\xA7""a Ch\xC3\xADnh ph\xE1\xBB\xA7 quy \xC4\x91\xE1\xBB\x8Bnh chi t"
    "i\xE1\xBA\xBFt m\xE1\xBB\x99t s\xE1\xBB\x91 \xC4\x91i\xE1\xBB\x81u c"
    "\xE1\xBB\xA7""a Lu\xE1\xBA\xADt B\xE1\xBA\xA3o v\xE1\xBB\x87 b\xC3"
    "\xAD m\xE1\xBA\xADt nh\xC3\xA0 n\xC6\xB0\xE1\xBB\x9B""c. \xE1\xBB"
    "\xA7y ban nh\xC3\xA2n d\xC3\xA2n t\xE1\xBB\x89nh ban h\xC3\xA0nh Quy"
    " ch\xE1\xBA\xBF b\xE1\xBA\xA3o v\xE1\xBB\x87 b\xC3\xAD m\xE1\xBA\xAD"
    "t nh\xC3\xA0 n\xC6\xB0\xE1\xBB\x9B""c tr\xC3\xAAn \xC4\x91\xE1\xBB"
    "\x8B""a b\xC3\xA0n t\xE1\xBB\x89nh. T\xC3\xA0i li\xE1\xBB\x87u n\xC3"
    "\xA0y thu\xE1\xBB\x99""c \xC4\x91\xE1\xBB\x99 T\xE1\xBB\x91I M\xE1"
    "\xBA\xADT, kh\xC3\xB4ng \xC4\x91\xC6\xB0\xE1\xBB\xA3""c sao ch\xE1"
    "\xBB\xA5p, chuy\xE1\xBB\x83n giao khi ch\xC6\xB0""a \xC4\x91\xC6\xB0"
    "\xE1\xBB\xA3""c ng\xC6\xB0\xE1\xBB\x9Di c\xC3\xB3 th\xE1\xBA\xA9m qu"
    "y\xE1\xBB\x81n cho ph\xC3\xA9p.";

/* VN2 in VNI, read as Windows-1252 and saved as UTF-8 (TOÁI MAÄT) */
static const char VN2_LOOK_VNI[] =
    "K\xC3\xADnh g\xC3\xB6\xC3\xBBi: Gia\xC3\xB9m \xC3\xB1o\xC3\xA1""c ca"
    "\xC3\xB9""c s\xC3\xB4\xC3\xBB, ban, nga\xC3\xB8nh; Chu\xC3\xBB t\xC3"
    "\xB2""ch U\xC3\x9By ban nha\xC3\xA2n da\xC3\xA2n ca\xC3\xB9""c huye"
    "\xC3\xA4n, th\xC3\xB2 xa\xC3\xB5, tha\xC3\xB8nh pho\xC3\xA1. Th\xC3"
    "\xB6\xC3\xAF""c hie\xC3\xA4n ch\xC3\xA6 \xC3\xB1""a\xC3\xAFo cu\xC3"
    "\xBB""a Thu\xC3\xBB t\xC3\xB6\xC3\xB4\xC3\xB9ng Ch\xC3\xADnh phu\xC3"
    "\xBB ve\xC3\xA0 vie\xC3\xA4""c ta\xC3\xAAng c\xC3\xB6\xC3\xB4\xC3"
    "\xB8ng co\xC3\xA2ng ta\xC3\xB9""c ba\xC3\xBBo ve\xC3\xA4 b\xC3\xAD m"
    "a\xC3\xA4t nha\xC3\xB8 n\xC3\xB6\xC3\xB4\xC3\xB9""c, \xC3\xB1""e\xC3"
    "\xA0 ngh\xC3\xB2 ca\xC3\xB9""c c\xC3\xB4 quan, \xC3\xB1\xC3\xB4n v"
    "\xC3\xB2 ra\xC3\xB8 soa\xC3\xB9t, tho\xC3\xA1ng ke\xC3\xA2 ta\xC3"
    "\xB8i lie\xC3\xA4u TUYE\xC3\x84T MA\xC3\x84T, TO\xC3\x81I MA\xC3\x84"
    "T, MA\xC3\x84T \xC3\xB1""ang qua\xC3\xBBn ly\xC3\xB9 va\xC3\xB8 ba"
    "\xC3\xB9o ca\xC3\xB9o ke\xC3\xA1t qua\xC3\xBB ve\xC3\xA0 Va\xC3\xAAn"
    " pho\xC3\xB8ng tr\xC3\xB6\xC3\xB4\xC3\xB9""c nga\xC3\xB8y 30 tha\xC3"
    "\xB9ng 6 na\xC3\xAAm 2025. N\xC3\xB4i nha\xC3\xA4n: Nh\xC3\xB6 tre"
    "\xC3\xA2n; L\xC3\xB6u: VT, NC.";

/* French in Windows-1252: iconv -t CP1252 */
static const char FR_CP1252[] =
    "Le comit\xE9 a d\xE9""cid\xE9, apr\xE8s une longue r\xE9union, de pr"
    "\xE9senter le projet \xE0 la d\xE9l\xE9gation fran\xE7""aise. O\xF9 "
    "est la cl\xE9 \x3F \xC7""a d\xE9pend : les \xE9l\xE8ves \xE9trangers"
    " re\xE7oivent d\xE9j\xE0 leurs dipl\xF4mes \xE0 l\x92\xE9""cole \xAB"
    " Sainte-Genevi\xE8ve \xBB ; c\x92""est tr\xE8s bien, m\xEAme s\x92il"
    " pleut.";

/* German in Windows-1252: iconv -t CP1252 */
static const char DE_CP1252[] =
    "Die Pr\xFC""fung der Unterlagen ergab, dass die Beh\xF6rde \xFC""ber"
    " die Ma\xDFnahmen nicht rechtzeitig informiert wurde. Gr\xF6\xDF""er"
    "e \xC4nderungen sind f\xFCr n\xE4""chstes Jahr geplant.";

/* every Vietnamese letter beyond ASCII, lower then upper case */
static const char ALL_LETTERS[] =
    "a\xC3\xA1\xC3\xA0\xE1\xBA\xA3\xC3\xA3\xE1\xBA\xA1\xC4\x83\xE1\xBA"
    "\xAF\xE1\xBA\xB1\xE1\xBA\xB3\xE1\xBA\xB5\xE1\xBA\xB7\xC3\xA2\xE1\xBA"
    "\xA5\xE1\xBA\xA7\xE1\xBA\xA9\xE1\xBA\xAB\xE1\xBA\xAD""e\xC3\xA9\xC3"
    "\xA8\xE1\xBA\xBB\xE1\xBA\xBD\xE1\xBA\xB9\xC3\xAA\xE1\xBA\xBF\xE1\xBB"
    "\x81\xE1\xBB\x83\xE1\xBB\x85\xE1\xBB\x87i\xC3\xAD\xC3\xAC\xE1\xBB"
    "\x89\xC4\xA9\xE1\xBB\x8Bo\xC3\xB3\xC3\xB2\xE1\xBB\x8F\xC3\xB5\xE1"
    "\xBB\x8D\xC3\xB4\xE1\xBB\x91\xE1\xBB\x93\xE1\xBB\x95\xE1\xBB\x97\xE1"
    "\xBB\x99\xC6\xA1\xE1\xBB\x9B\xE1\xBB\x9D\xE1\xBB\x9F\xE1\xBB\xA1\xE1"
    "\xBB\xA3u\xC3\xBA\xC3\xB9\xE1\xBB\xA7\xC5\xA9\xE1\xBB\xA5\xC6\xB0"
    "\xE1\xBB\xA9\xE1\xBB\xAB\xE1\xBB\xAD\xE1\xBB\xAF\xE1\xBB\xB1y\xC3"
    "\xBD\xE1\xBB\xB3\xE1\xBB\xB7\xE1\xBB\xB9\xE1\xBB\xB5\xC4\x91 A\xC3"
    "\x81\xC3\x80\xE1\xBA\xA2\xC3\x83\xE1\xBA\xA0\xC4\x82\xE1\xBA\xAE\xE1"
    "\xBA\xB0\xE1\xBA\xB2\xE1\xBA\xB4\xE1\xBA\xB6\xC3\x82\xE1\xBA\xA4\xE1"
    "\xBA\xA6\xE1\xBA\xA8\xE1\xBA\xAA\xE1\xBA\xAC""E\xC3\x89\xC3\x88\xE1"
    "\xBA\xBA\xE1\xBA\xBC\xE1\xBA\xB8\xC3\x8A\xE1\xBA\xBE\xE1\xBB\x80\xE1"
    "\xBB\x82\xE1\xBB\x84\xE1\xBB\x86I\xC3\x8D\xC3\x8C\xE1\xBB\x88\xC4"
    "\xA8\xE1\xBB\x8AO\xC3\x93\xC3\x92\xE1\xBB\x8E\xC3\x95\xE1\xBB\x8C"
    "\xC3\x94\xE1\xBB\x90\xE1\xBB\x92\xE1\xBB\x94\xE1\xBB\x96\xE1\xBB\x98"
    "\xC6\xA0\xE1\xBB\x9A\xE1\xBB\x9C\xE1\xBB\x9E\xE1\xBB\xA0\xE1\xBB\xA2"
    "U\xC3\x9A\xC3\x99\xE1\xBB\xA6\xC5\xA8\xE1\xBB\xA4\xC6\xAF\xE1\xBB"
    "\xA8\xE1\xBB\xAA\xE1\xBB\xAC\xE1\xBB\xAE\xE1\xBB\xB0Y\xC3\x9D\xE1"
    "\xBB\xB2\xE1\xBB\xB6\xE1\xBB\xB8\xE1\xBB\xB4\xC4\x90";

/* ALL_LETTERS in VNI, from the VNI table */
static const char ALL_LETTERS_VNI[] =
    "aa\xF9""a\xF8""a\xFB""a\xF5""a\xEF""a\xEA""a\xE9""a\xE8""a\xFA""a"
    "\xFC""a\xEB""a\xE2""a\xE1""a\xE0""a\xE5""a\xE3""a\xE4""ee\xF9""e\xF8"
    "e\xFB""e\xF5""e\xEF""e\xE2""e\xE1""e\xE0""e\xE5""e\xE3""e\xE4i\xED"
    "\xEC\xE6\xF3\xF2oo\xF9o\xF8o\xFBo\xF5o\xEFo\xE2o\xE1o\xE0o\xE5o\xE3o"
    "\xE4\xF4\xF4\xF9\xF4\xF8\xF4\xFB\xF4\xF5\xF4\xEFuu\xF9u\xF8u\xFBu"
    "\xF5u\xEF\xF6\xF6\xF9\xF6\xF8\xF6\xFB\xF6\xF5\xF6\xEFyy\xF9y\xF8y"
    "\xFBy\xF5\xEE\xF1 AA\xD9""A\xD8""A\xDB""A\xD5""A\xCF""A\xCA""A\xC9"
    "A\xC8""A\xDA""A\xDC""A\xCB""A\xC2""A\xC1""A\xC0""A\xC5""A\xC3""A\xC4"
    "EE\xD9""E\xD8""E\xDB""E\xD5""E\xCF""E\xC2""E\xC1""E\xC0""E\xC5""E"
    "\xC3""E\xC4I\xCD\xCC\xC6\xD3\xD2OO\xD9O\xD8O\xDBO\xD5O\xCFO\xC2O\xC1"
    "O\xC0O\xC5O\xC3O\xC4\xD4\xD4\xD9\xD4\xD8\xD4\xDB\xD4\xD5\xD4\xCFUU"
    "\xD9U\xD8U\xDBU\xD5U\xCF\xD6\xD6\xD9\xD6\xD8\xD6\xDB\xD6\xD5\xD6\xCF"
    "YY\xD9Y\xD8Y\xDBY\xD5\xCE\xD1";

/* the letters TCVN3 (VN3) has: all lower case, seven capitals */
static const char VN3_LETTERS[] =
    "a\xC3\xA1\xC3\xA0\xE1\xBA\xA3\xC3\xA3\xE1\xBA\xA1\xC4\x83\xE1\xBA"
    "\xAF\xE1\xBA\xB1\xE1\xBA\xB3\xE1\xBA\xB5\xE1\xBA\xB7\xC3\xA2\xE1\xBA"
    "\xA5\xE1\xBA\xA7\xE1\xBA\xA9\xE1\xBA\xAB\xE1\xBA\xAD""e\xC3\xA9\xC3"
    "\xA8\xE1\xBA\xBB\xE1\xBA\xBD\xE1\xBA\xB9\xC3\xAA\xE1\xBA\xBF\xE1\xBB"
    "\x81\xE1\xBB\x83\xE1\xBB\x85\xE1\xBB\x87i\xC3\xAD\xC3\xAC\xE1\xBB"
    "\x89\xC4\xA9\xE1\xBB\x8Bo\xC3\xB3\xC3\xB2\xE1\xBB\x8F\xC3\xB5\xE1"
    "\xBB\x8D\xC3\xB4\xE1\xBB\x91\xE1\xBB\x93\xE1\xBB\x95\xE1\xBB\x97\xE1"
    "\xBB\x99\xC6\xA1\xE1\xBB\x9B\xE1\xBB\x9D\xE1\xBB\x9F\xE1\xBB\xA1\xE1"
    "\xBB\xA3u\xC3\xBA\xC3\xB9\xE1\xBB\xA7\xC5\xA9\xE1\xBB\xA5\xC6\xB0"
    "\xE1\xBB\xA9\xE1\xBB\xAB\xE1\xBB\xAD\xE1\xBB\xAF\xE1\xBB\xB1y\xC3"
    "\xBD\xE1\xBB\xB3\xE1\xBB\xB7\xE1\xBB\xB9\xE1\xBB\xB5\xC4\x91 \xC4"
    "\x82\xC3\x82\xC3\x8A\xC3\x94\xC6\xA0\xC6\xAF\xC4\x90";

/* VN3_LETTERS encoded by iconv -t TCVN5712-1 */
static const char VN3_LETTERS_TCVN3[] =
    "a\xB8\xB5\xB6\xB7\xB9\xA8\xBE\xBB\xBC\xBD\xC6\xA9\xCA\xC7\xC8\xC9"
    "\xCB""e\xD0\xCC\xCE\xCF\xD1\xAA\xD5\xD2\xD3\xD4\xD6i\xDD\xD7\xD8\xDC"
    "\xDEo\xE3\xDF\xE1\xE2\xE4\xAB\xE8\xE5\xE6\xE7\xE9\xAC\xED\xEA\xEB"
    "\xEC\xEEu\xF3\xEF\xF1\xF2\xF4\xAD\xF8\xF5\xF6\xF7\xF9y\xFD\xFA\xFB"
    "\xFC\xFE\xAE \xA1\xA2\xA3\xA4\xA5\xA6\xA7";

/* ALL_LETTERS encoded by iconv -t CP1258 */
static const char ALL_LETTERS_CP1258[] =
    "a\xE1\xE0""a\xD2""a\xDE""a\xF2\xE3\xE3\xEC\xE3\xCC\xE3\xD2\xE3\xDE"
    "\xE3\xF2\xE2\xE2\xEC\xE2\xCC\xE2\xD2\xE2\xDE\xE2\xF2""e\xE9\xE8""e"
    "\xD2""e\xDE""e\xF2\xEA\xEA\xEC\xEA\xCC\xEA\xD2\xEA\xDE\xEA\xF2i\xEDi"
    "\xCCi\xD2i\xDEi\xF2o\xF3o\xCCo\xD2o\xDEo\xF2\xF4\xF4\xEC\xF4\xCC\xF4"
    "\xD2\xF4\xDE\xF4\xF2\xF5\xF5\xEC\xF5\xCC\xF5\xD2\xF5\xDE\xF5\xF2u"
    "\xFA\xF9u\xD2u\xDEu\xF2\xFD\xFD\xEC\xFD\xCC\xFD\xD2\xFD\xDE\xFD\xF2y"
    "y\xECy\xCCy\xD2y\xDEy\xF2\xF0 A\xC1\xC0""A\xD2""A\xDE""A\xF2\xC3\xC3"
    "\xEC\xC3\xCC\xC3\xD2\xC3\xDE\xC3\xF2\xC2\xC2\xEC\xC2\xCC\xC2\xD2\xC2"
    "\xDE\xC2\xF2""E\xC9\xC8""E\xD2""E\xDE""E\xF2\xCA\xCA\xEC\xCA\xCC\xCA"
    "\xD2\xCA\xDE\xCA\xF2I\xCDI\xCCI\xD2I\xDEI\xF2O\xD3O\xCCO\xD2O\xDEO"
    "\xF2\xD4\xD4\xEC\xD4\xCC\xD4\xD2\xD4\xDE\xD4\xF2\xD5\xD5\xEC\xD5\xCC"
    "\xD5\xD2\xD5\xDE\xD5\xF2U\xDA\xD9U\xD2U\xDEU\xF2\xDD\xDD\xEC\xDD\xCC"
    "\xDD\xD2\xDD\xDE\xDD\xF2YY\xECY\xCCY\xD2Y\xDEY\xF2\xD0";

/* ALL_LETTERS_CP1258 decoded byte by byte by Python's cp1258 codec */
static const char ALL_LETTERS_CP1258_TEXT[] =
    "a\xC3\xA1\xC3\xA0""a\xCC\x89""a\xCC\x83""a\xCC\xA3\xC4\x83\xC4\x83"
    "\xCC\x81\xC4\x83\xCC\x80\xC4\x83\xCC\x89\xC4\x83\xCC\x83\xC4\x83\xCC"
    "\xA3\xC3\xA2\xC3\xA2\xCC\x81\xC3\xA2\xCC\x80\xC3\xA2\xCC\x89\xC3\xA2"
    "\xCC\x83\xC3\xA2\xCC\xA3""e\xC3\xA9\xC3\xA8""e\xCC\x89""e\xCC\x83""e"
    "\xCC\xA3\xC3\xAA\xC3\xAA\xCC\x81\xC3\xAA\xCC\x80\xC3\xAA\xCC\x89\xC3"
    "\xAA\xCC\x83\xC3\xAA\xCC\xA3i\xC3\xADi\xCC\x80i\xCC\x89i\xCC\x83i"
    "\xCC\xA3o\xC3\xB3o\xCC\x80o\xCC\x89o\xCC\x83o\xCC\xA3\xC3\xB4\xC3"
    "\xB4\xCC\x81\xC3\xB4\xCC\x80\xC3\xB4\xCC\x89\xC3\xB4\xCC\x83\xC3\xB4"
    "\xCC\xA3\xC6\xA1\xC6\xA1\xCC\x81\xC6\xA1\xCC\x80\xC6\xA1\xCC\x89\xC6"
    "\xA1\xCC\x83\xC6\xA1\xCC\xA3u\xC3\xBA\xC3\xB9u\xCC\x89u\xCC\x83u\xCC"
    "\xA3\xC6\xB0\xC6\xB0\xCC\x81\xC6\xB0\xCC\x80\xC6\xB0\xCC\x89\xC6\xB0"
    "\xCC\x83\xC6\xB0\xCC\xA3yy\xCC\x81y\xCC\x80y\xCC\x89y\xCC\x83y\xCC"
    "\xA3\xC4\x91 A\xC3\x81\xC3\x80""A\xCC\x89""A\xCC\x83""A\xCC\xA3\xC4"
    "\x82\xC4\x82\xCC\x81\xC4\x82\xCC\x80\xC4\x82\xCC\x89\xC4\x82\xCC\x83"
    "\xC4\x82\xCC\xA3\xC3\x82\xC3\x82\xCC\x81\xC3\x82\xCC\x80\xC3\x82\xCC"
    "\x89\xC3\x82\xCC\x83\xC3\x82\xCC\xA3""E\xC3\x89\xC3\x88""E\xCC\x89"
    "E\xCC\x83""E\xCC\xA3\xC3\x8A\xC3\x8A\xCC\x81\xC3\x8A\xCC\x80\xC3\x8A"
    "\xCC\x89\xC3\x8A\xCC\x83\xC3\x8A\xCC\xA3I\xC3\x8DI\xCC\x80I\xCC\x89I"
    "\xCC\x83I\xCC\xA3O\xC3\x93O\xCC\x80O\xCC\x89O\xCC\x83O\xCC\xA3\xC3"
    "\x94\xC3\x94\xCC\x81\xC3\x94\xCC\x80\xC3\x94\xCC\x89\xC3\x94\xCC\x83"
    "\xC3\x94\xCC\xA3\xC6\xA0\xC6\xA0\xCC\x81\xC6\xA0\xCC\x80\xC6\xA0\xCC"
    "\x89\xC6\xA0\xCC\x83\xC6\xA0\xCC\xA3U\xC3\x9A\xC3\x99U\xCC\x89U\xCC"
    "\x83U\xCC\xA3\xC6\xAF\xC6\xAF\xCC\x81\xC6\xAF\xCC\x80\xC6\xAF\xCC"
    "\x89\xC6\xAF\xCC\x83\xC6\xAF\xCC\xA3YY\xCC\x81Y\xCC\x80Y\xCC\x89Y"
    "\xCC\x83Y\xCC\xA3\xC4\x90";


/* ------------------------------------------------------------ helpers -- */

#define U(s) ((const unsigned char *)(s))
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct exp_cp {
    uint32_t cp;
    uint32_t off;
    uint8_t olen;
} exp_cp;

/* Decode all of s[0..n) in one final call; it must all be consumed. */
static void decode_all(decode_enc e, const void *s, size_t n, uint32_t base,
                       text_buf *t)
{
    size_t used = 12345;
    assert_int_equal(decode_run(e, U(s), n, base, 1, t, &used), 0);
    assert_int_equal(used, n);
}

static void assert_cps(const text_buf *t, const exp_cp *e, size_t n)
{
    assert_int_equal(t->len, n);
    for (size_t i = 0; i < n; i++) {
        if (t->cp[i] != e[i].cp || t->off[i] != e[i].off ||
            t->olen[i] != e[i].olen)
            fail_msg("code point %zu: got U+%04X off %u len %u, want U+%04X "
                     "off %u len %u", i, (unsigned)t->cp[i],
                     (unsigned)t->off[i], (unsigned)t->olen[i],
                     (unsigned)e[i].cp, (unsigned)e[i].off,
                     (unsigned)e[i].olen);
    }
}

static void assert_text(const text_buf *t, const char *want)
{
    char *got = tu_text_utf8(t);
    assert_string_equal(got, want);
    free(got);
}

static void assert_decodes_to(decode_enc e, const void *s, size_t n,
                              const char *want)
{
    text_buf t;
    text_init(&t);
    decode_all(e, s, n, 0, &t);
    assert_text(&t, want);
    text_free(&t);
}

/* Offsets of a whole decode must tile the input: each code point starts
** where the previous one ended. */
static void assert_offsets_tile(const text_buf *t, uint32_t base, size_t n)
{
    uint32_t at = base;
    for (size_t i = 0; i < t->len; i++) {
        assert_int_equal(t->off[i], at);
        assert_true(t->olen[i] >= 1);
        at += t->olen[i];
    }
    assert_int_equal(at, base + n);
}

/*
** Split s at every position: decode the first part with final == 0, then
** what was left over plus the rest with final == 1, as the scanner does with
** segments. The result must equal a single decode, offsets included.
*/
static void assert_split_invariant(decode_enc e, const void *sv, size_t n)
{
    const unsigned char *s = U(sv);
    text_buf whole;
    text_init(&whole);
    decode_all(e, s, n, 7, &whole);
    assert_offsets_tile(&whole, 7, n);
    for (size_t k = 0; k <= n; k++) {
        text_buf t;
        text_init(&t);
        size_t used = 0, used2 = 0;
        assert_int_equal(decode_run(e, s, k, 7, 0, &t, &used), 0);
        assert_true(used <= k);
        assert_true(k - used <= 4); /* only a short tail is ever held */
        assert_int_equal(decode_run(e, s + used, n - used, 7 + (uint32_t)used,
                                    1, &t, &used2), 0);
        assert_int_equal(used2, n - used);
        assert_int_equal(t.len, whole.len);
        assert_memory_equal(t.cp, whole.cp, t.len * sizeof *t.cp);
        assert_memory_equal(t.off, whole.off, t.len * sizeof *t.off);
        assert_memory_equal(t.olen, whole.olen, t.len);
        text_free(&t);
    }
    text_free(&whole);
}

/* UTF-8 -> UTF-16 (either byte order), for building UTF-16 inputs. */
static size_t to_utf16(const char *s, unsigned char *out, int be)
{
    size_t n = strlen(s), i = 0, k = 0;
    while (i < n) {
        uint32_t c;
        size_t l = text_utf8_get(U(s) + i, n - i, &c);
        assert_true(l > 0);
        i += l;
        uint16_t u[2];
        int m = 1;
        if (c >= 0x10000) {
            u[0] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            u[1] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
            m = 2;
        } else {
            u[0] = (uint16_t)c;
        }
        for (int j = 0; j < m; j++) {
            out[k++] = (unsigned char)(be ? u[j] >> 8 : u[j] & 0xFF);
            out[k++] = (unsigned char)(be ? u[j] & 0xFF : u[j] >> 8);
        }
    }
    return k;
}

/* -------------------------------------------------------------- UTF-8 -- */

static void utf8_decodes_stamp_words_with_byte_offsets(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    /* T Ố I _ M Ậ T: Ố and Ậ are three bytes each. */
    decode_all(ENC_UTF8, "TỐI MẬT", strlen("TỐI MẬT"), 1000, &t);
    static const exp_cp want[] = {
        {'T', 1000, 1}, {0x1ED0, 1001, 3}, {'I', 1004, 1}, {' ', 1005, 1},
        {'M', 1006, 1}, {0x1EAC, 1007, 3}, {'T', 1010, 1},
    };
    assert_cps(&t, want, NELEM(want));

    t.len = 0;
    decode_all(ENC_UTF8, "Đà Nẵng", strlen("Đà Nẵng"), 0, &t);
    static const exp_cp want2[] = {
        {0x110, 0, 2}, {0xE0, 2, 2}, {' ', 4, 1}, {'N', 5, 1},
        {0x1EB5, 6, 3}, {'n', 9, 1}, {'g', 10, 1},
    };
    assert_cps(&t, want2, NELEM(want2));

    t.len = 0;
    decode_all(ENC_UTF8, "người", strlen("người"), 0, &t);
    static const exp_cp want3[] = {
        {'n', 0, 1}, {'g', 1, 1}, {0x1B0, 2, 2}, {0x1EDD, 4, 3}, {'i', 7, 1},
    };
    assert_cps(&t, want3, NELEM(want3));
    text_free(&t);

    assert_decodes_to(ENC_UTF8, "TUYỆT MẬT", strlen("TUYỆT MẬT"), "TUYỆT MẬT");
    assert_decodes_to(ENC_UTF8, "Mật", strlen("Mật"), "Mật");
}

static void utf8_appends_after_existing_text(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8, "ab", 2, 0, &t);
    decode_all(ENC_UTF8, "Mật", strlen("Mật"), 2, &t);
    static const exp_cp want[] = {
        {'a', 0, 1}, {'b', 1, 1}, {'M', 2, 1}, {0x1EAD, 3, 3}, {'t', 6, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_ascii_fast_path_keeps_every_offset(void **state)
{
    (void)state;
    /* ASCII runs of every length and alignment around multibyte letters,
    ** checked against a one-sequence-at-a-time reference decode. */
    char buf[4096];
    size_t n = 0;
    for (int run = 0; run < 40; run++) {
        for (int j = 0; j < run; j++)
            buf[n++] = (char)('a' + (run + j) % 26);
        memcpy(buf + n, "ậ", 3);
        n += 3;
        if (run % 3 == 0)
            buf[n++] = '\n';
        if (run % 5 == 0) {
            memcpy(buf + n, "đ", 2);
            n += 2;
        }
    }
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8, buf, n, 0x10000, &t);
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t c;
        size_t l = text_utf8_get(U(buf) + i, n - i, &c);
        assert_true(l > 0);
        assert_true(k < t.len);
        assert_int_equal(t.cp[k], c);
        assert_int_equal(t.off[k], 0x10000 + i);
        assert_int_equal(t.olen[k], l);
        i += l;
        k++;
    }
    assert_int_equal(k, t.len);
    text_free(&t);
}

static void utf8_invalid_bytes_become_fffd_covering_the_bad_bytes(void **state)
{
    (void)state;
    /* lone continuation; overlong lead C0; UTF-16 surrogate ED A0 80;
    ** E1 BA cut short by 'e'; F5 (never valid); F0 9F 98 cut short by 'g';
    ** E0 80 (overlong second byte). */
    static const char in[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE1\xBA"
                             "e\xF5" "f\xF0\x9F\x98" "g\xE0\x80" "h";
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8, in, sizeof in - 1, 0, &t);
    static const exp_cp want[] = {
        {'a', 0, 1},     {0xFFFD, 1, 1},  {'b', 2, 1},     {0xFFFD, 3, 1},
        {0xFFFD, 4, 1},  {'c', 5, 1},     {0xFFFD, 6, 1},  {0xFFFD, 7, 1},
        {0xFFFD, 8, 1},  {'d', 9, 1},     {0xFFFD, 10, 2}, {'e', 12, 1},
        {0xFFFD, 13, 1}, {'f', 14, 1},    {0xFFFD, 15, 3}, {'g', 18, 1},
        {0xFFFD, 19, 1}, {0xFFFD, 20, 1}, {'h', 21, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_accepts_four_byte_and_boundary_code_points(void **state)
{
    (void)state;
    /* U+0080, U+07FF, U+0800, U+FFFD itself, U+10000, U+10FFFF */
    static const char in[] = "\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBD"
                             "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8, in, sizeof in - 1, 0, &t);
    static const exp_cp want[] = {
        {0x80, 0, 2},     {0x7FF, 2, 2},   {0x800, 4, 3},
        {0xFFFD, 7, 3},   {0x10000, 10, 4}, {0x10FFFF, 14, 4},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_truncated_end_with_final_is_one_fffd(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8, "M\xE1\xBA", 3, 0, &t); /* "Mậ" cut after 2 of 3 */
    static const exp_cp want[] = {{'M', 0, 1}, {0xFFFD, 1, 2}};
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_segment_split_leaves_incomplete_tail_unconsumed(void **state)
{
    (void)state;
    /* "Mật" = 4D E1 BA AD 74, first segment ends inside ậ */
    static const unsigned char in[] = {0x4D, 0xE1, 0xBA, 0xAD, 0x74};
    text_buf t;
    text_init(&t);
    size_t used = 0;
    assert_int_equal(decode_run(ENC_UTF8, in, 3, 100, 0, &t, &used), 0);
    assert_int_equal(used, 1);
    assert_int_equal(t.len, 1);
    assert_int_equal(decode_run(ENC_UTF8, in + used, 5 - used, 101, 1, &t,
                                &used), 0);
    assert_int_equal(used, 4);
    static const exp_cp want[] = {
        {'M', 100, 1}, {0x1EAD, 101, 3}, {'t', 104, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_non_final_keeps_no_bytes_that_are_already_bad(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    size_t used = 0;
    /* C0 can start nothing, E1 41 is broken already: nothing to wait for */
    assert_int_equal(decode_run(ENC_UTF8, U("a\xE1" "A\xC0"), 4, 0, 0, &t,
                                &used), 0);
    assert_int_equal(used, 4);
    static const exp_cp want[] = {
        {'a', 0, 1}, {0xFFFD, 1, 1}, {'A', 2, 1}, {0xFFFD, 3, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf8_every_segment_split_gives_the_same_text(void **state)
{
    (void)state;
    assert_split_invariant(ENC_UTF8, VN2, strlen(VN2));
    assert_split_invariant(ENC_UTF8, VN1_NFD, strlen(VN1_NFD));
    static const char bad[] = "x\xF0\x9F\x98\x80y\xE1\xBA\xF0\x9Fz\xED\xA0\x80";
    assert_split_invariant(ENC_UTF8, bad, sizeof bad - 1);
}

static void utf8_bom_is_reported_and_skipped_by_caller(void **state)
{
    (void)state;
    static const char in[] = "\xEF\xBB\xBFMật";
    assert_int_equal(decode_bom_len(ENC_UTF8_BOM, U(in), sizeof in - 1), 3);
    assert_int_equal(decode_bom_len(ENC_UTF8, U(in), sizeof in - 1), 3);
    assert_int_equal(decode_bom_len(ENC_UTF8_TCVN3, U(in), sizeof in - 1), 3);
    assert_int_equal(decode_bom_len(ENC_UTF8, U("abc"), 3), 0);
    assert_int_equal(decode_bom_len(ENC_UTF8, U("\xEF\xBB"), 2), 0);
    assert_int_equal(decode_bom_len(ENC_CP1252, U(in), sizeof in - 1), 0);
    assert_int_equal(decode_bom_len(ENC_TCVN3, U(in), sizeof in - 1), 0);
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8_BOM, in + 3, sizeof in - 4, 3, &t);
    static const exp_cp want[] = {{'M', 3, 1}, {0x1EAD, 4, 3}, {'t', 7, 1}};
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void empty_input_appends_nothing_in_every_encoding(void **state)
{
    (void)state;
    for (int e = ENC_UNKNOWN; e <= ENC_UTF8_VNI; e++) {
        text_buf t;
        text_init(&t);
        size_t used = 99;
        assert_int_equal(decode_run((decode_enc)e, NULL, 0, 0, 1, &t, &used),
                         0);
        assert_int_equal(used, 0);
        assert_int_equal(t.len, 0);
        assert_int_equal(decode_run((decode_enc)e, U(""), 0, 0, 0, &t, NULL),
                         0);
        assert_int_equal(t.len, 0);
        text_free(&t);
    }
}

/* ------------------------------------------------------------- UTF-16 -- */

static void utf16le_decodes_letters_and_surrogate_pairs(void **state)
{
    (void)state;
    /* BOM, T, Ố, U+1F600, x */
    static const unsigned char in[] = {0xFF, 0xFE, 'T', 0, 0xD0, 0x1E,
                                       0x3D, 0xD8, 0x00, 0xDE, 'x', 0};
    assert_int_equal(decode_bom_len(ENC_UTF16LE, in, sizeof in), 2);
    assert_int_equal(decode_bom_len(ENC_UTF16BE, in, sizeof in), 0);
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF16LE, in + 2, sizeof in - 2, 2, &t);
    static const exp_cp want[] = {
        {'T', 2, 2}, {0x1ED0, 4, 2}, {0x1F600, 6, 4}, {'x', 10, 2},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf16be_decodes_mat(void **state)
{
    (void)state;
    static const unsigned char in[] = {0xFE, 0xFF, 0, 'M', 0x1E, 0xAD, 0, 't'};
    assert_int_equal(decode_bom_len(ENC_UTF16BE, in, sizeof in), 2);
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF16BE, in + 2, sizeof in - 2, 2, &t);
    static const exp_cp want[] = {{'M', 2, 2}, {0x1EAD, 4, 2}, {'t', 6, 2}};
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf16_lone_surrogates_become_fffd(void **state)
{
    (void)state;
    /* lone low; high followed by 'A'; high at the very end */
    static const unsigned char in[] = {0x00, 0xDC, 'A', 0, 0x00, 0xD8,
                                       'A', 0, 0x3D, 0xD8};
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF16LE, in, sizeof in, 0, &t);
    static const exp_cp want[] = {
        {0xFFFD, 0, 2}, {'A', 2, 2}, {0xFFFD, 4, 2}, {'A', 6, 2},
        {0xFFFD, 8, 2},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
}

static void utf16_odd_length_ends_in_fffd_or_waits(void **state)
{
    (void)state;
    static const unsigned char in[] = {'M', 0, 0xAD, 0x1E, 't'};
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF16LE, in, sizeof in, 0, &t);
    static const exp_cp want[] = {{'M', 0, 2}, {0x1EAD, 2, 2}, {0xFFFD, 4, 1}};
    assert_cps(&t, want, NELEM(want));

    /* not final: the odd byte, or a high surrogate, waits for more */
    size_t used = 0;
    t.len = 0;
    assert_int_equal(decode_run(ENC_UTF16LE, in, sizeof in, 0, 0, &t, &used),
                     0);
    assert_int_equal(used, 4);
    assert_int_equal(t.len, 2);
    static const unsigned char hi[] = {'a', 0, 0x3D, 0xD8, 0x00};
    t.len = 0;
    assert_int_equal(decode_run(ENC_UTF16LE, hi, sizeof hi, 0, 0, &t, &used),
                     0);
    assert_int_equal(used, 2);
    assert_int_equal(t.len, 1);
    text_free(&t);
}

static void utf16_every_segment_split_gives_the_same_text(void **state)
{
    (void)state;
    unsigned char buf[2048];
    size_t n = to_utf16(VN2, buf, 0);
    assert_split_invariant(ENC_UTF16LE, buf, n);
    n = to_utf16("Mật 😀 mã", buf, 1);
    assert_split_invariant(ENC_UTF16BE, buf, n);
    assert_decodes_to(ENC_UTF16BE, buf, n, "Mật 😀 mã");
}

/* ------------------------------------------------------------- CP1258 -- */

static void cp1258_keeps_tone_marks_as_combining_code_points(void **state)
{
    (void)state;
    /* "MẬT" = M Â, dot below, T */
    text_buf t;
    text_init(&t);
    decode_all(ENC_CP1258, "\x4D\xC2\xF2\x54", 4, 0, &t);
    static const exp_cp want[] = {
        {'M', 0, 1}, {0xC2, 1, 1}, {0x323, 2, 1}, {'T', 3, 1},
    };
    assert_cps(&t, want, NELEM(want));

    /* "Đà Nẵng" = Đ à _ N ă, tilde, n g */
    t.len = 0;
    decode_all(ENC_CP1258, "\xD0\xE0\x20\x4E\xE3\xDE\x6E\x67", 8, 0, &t);
    static const exp_cp want2[] = {
        {0x110, 0, 1}, {0xE0, 1, 1}, {' ', 2, 1}, {'N', 3, 1},
        {0x103, 4, 1}, {0x303, 5, 1}, {'n', 6, 1}, {'g', 7, 1},
    };
    assert_cps(&t, want2, NELEM(want2));
    text_free(&t);

    assert_decodes_to(ENC_CP1258, "\x54\xD4\xEC\x49\x20\x4D\xC2\xF2\x54", 9,
                      "TÔ\xCC\x81I MÂ\xCC\xA3T");
    assert_decodes_to(ENC_CP1258, "\x54\x55\x59\xCA\xF2\x54\x20\x4D\xC2\xF2"
                      "\x54", 11, "TUYÊ\xCC\xA3T MÂ\xCC\xA3T");
    assert_decodes_to(ENC_CP1258, "\x4D\xE2\xF2\x74", 4, "Mâ\xCC\xA3t");
    assert_decodes_to(ENC_CP1258, "\x6E\x67\xFD\xF5\xCC\x69", 6,
                      "ngươ\xCC\x80i");
}

static void cp1258_matches_iconv_on_every_letter_and_a_paragraph(void **state)
{
    (void)state;
    assert_decodes_to(ENC_CP1258, ALL_LETTERS_CP1258,
                      sizeof ALL_LETTERS_CP1258 - 1, ALL_LETTERS_CP1258_TEXT);
    assert_decodes_to(ENC_CP1258, VN2_CP1258, sizeof VN2_CP1258 - 1,
                      VN2_CP1258_TEXT);
    /* the Windows punctuation and the bytes CP1258 leaves undefined */
    assert_decodes_to(ENC_CP1258, "\x80\x93\x94\x8A\xFE", 5,
                      "€“”\xEF\xBF\xBD₫");
}

/* -------------------------------------------------------------- TCVN3 -- */

static void tcvn3_decodes_to_precomposed_letters(void **state)
{
    (void)state;
    /* "người": ư is 0xAD, the Latin-1 soft hyphen */
    text_buf t;
    text_init(&t);
    decode_all(ENC_TCVN3, "\x6E\x67\xAD\xEA\x69", 5, 0, &t);
    static const exp_cp want[] = {
        {'n', 0, 1}, {'g', 1, 1}, {0x1B0, 2, 1}, {0x1EDD, 3, 1}, {'i', 4, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
    assert_decodes_to(ENC_TCVN3, "\x4D\xCB\x74", 3, "Mật");
    assert_decodes_to(ENC_TCVN3, "\xA7\xB5\x20\x4E\xBD\x6E\x67", 7, "Đà Nẵng");
}

static void tcvn3_vntimeh_capitals_decode_as_lower_case_letters(void **state)
{
    (void)state;
    /* .VnTimeH draws the lower-case bytes as capitals: case folds later */
    assert_decodes_to(ENC_TCVN3, "\x54\xE8\x49\x20\x4D\xCB\x54", 7,
                      "TốI MậT");
    assert_decodes_to(ENC_TCVN3, "\x54\x55\x59\xD6\x54\x20\x4D\xCB\x54", 9,
                      "TUYệT MậT");
    assert_decodes_to(ENC_TCVN3, "\x48\xE1\x41\x20\x54\xE8\x43", 7,
                      "HỏA TốC");
}

static void tcvn3_matches_iconv_on_every_letter_and_a_paragraph(void **state)
{
    (void)state;
    assert_decodes_to(ENC_TCVN3, VN3_LETTERS_TCVN3,
                      sizeof VN3_LETTERS_TCVN3 - 1, VN3_LETTERS);
    assert_decodes_to(ENC_TCVN3, VN2_TCVN3, sizeof VN2_TCVN3 - 1,
                      VN2_TCVN3_TEXT);
    /* 0xB0-0xB4 are combining tone marks, as in glibc */
    assert_decodes_to(ENC_TCVN3, "a\xB0" "a\xB1" "a\xB2" "a\xB3" "a\xB4", 10,
                      "a\xCC\x80" "a\xCC\x89" "a\xCC\x83" "a\xCC\x81"
                      "a\xCC\xA3");
}

static void tcvn3_keeps_controls_and_windows_punctuation_below_a0(void **state)
{
    (void)state;
    /* VN3 reassigns no C0/C1 codes (glibc's VN1 table would give capitals) */
    assert_decodes_to(ENC_TCVN3, "\x01\x09\x0A\x93M\xCBt\x94\x96\x85", 10,
                      "\x01\t\n“Mật”–…");
}

/* ---------------------------------------------------------------- VNI -- */

static void vni_two_byte_letter_is_one_code_point_over_both(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    /* "TUYEÄT MAÄT" */
    decode_all(ENC_VNI, "TUYE\xC4T MA\xC4T", 11, 50, &t);
    static const exp_cp want[] = {
        {'T', 50, 1}, {'U', 51, 1}, {'Y', 52, 1}, {0x1EC6, 53, 2},
        {'T', 55, 1}, {' ', 56, 1}, {'M', 57, 1}, {0x1EAC, 58, 2},
        {'T', 60, 1},
    };
    assert_cps(&t, want, NELEM(want));

    /* "ngöôøi": ư one byte, ờ two */
    t.len = 0;
    decode_all(ENC_VNI, "ng\xF6\xF4\xF8i", 6, 0, &t);
    static const exp_cp want2[] = {
        {'n', 0, 1}, {'g', 1, 1}, {0x1B0, 2, 1}, {0x1EDD, 3, 2}, {'i', 5, 1},
    };
    assert_cps(&t, want2, NELEM(want2));
    text_free(&t);

    assert_decodes_to(ENC_VNI, "TO\xC1I MA\xC4T", 9, "TỐI MẬT");
    assert_decodes_to(ENC_VNI, "HO\xDB" "A TO\xC1" "C", 9, "HỎA TỐC");
    assert_decodes_to(ENC_VNI, "Ma\xE4t", 4, "Mật");
    assert_decodes_to(ENC_VNI, "\xD1" "a\xF8 Na\xFCng", 9, "Đà Nẵng");
}

static void vni_matches_the_vni_table_on_every_letter(void **state)
{
    (void)state;
    assert_decodes_to(ENC_VNI, ALL_LETTERS_VNI, sizeof ALL_LETTERS_VNI - 1,
                      ALL_LETTERS);
    assert_decodes_to(ENC_VNI, VN2_VNI, sizeof VN2_VNI - 1, VN2);
}

static void vni_single_byte_letters_map_to_vietnamese(void **state)
{
    (void)state;
    assert_decodes_to(ENC_VNI, "\xF1\xD1\xF4\xD4\xF6\xD6\xE6\xC6\xF3\xD3"
                      "\xF2\xD2\xEE\xCE\xED\xEC", 16,
                      "đĐơƠưƯỉỈĩĨịỊỵỴíì");
}

static void vni_mark_without_a_vowel_stays_windows_1252(void **state)
{
    (void)state;
    /* marks after consonants, a breve on e, a mark at the start */
    static const char in[] = "n\xF8 e\xEA \xE4x";
    assert_decodes_to(ENC_VNI, in, sizeof in - 1, "nø eê äx");
}

static void vni_mark_case_need_not_match_letter_case(void **state)
{
    (void)state;
    /* case changes in word processors mix them; the letter's case wins.
    ** i + mark and y + dot below render as í and ỵ in VNI fonts. */
    assert_decodes_to(ENC_VNI, "A\xF9 a\xD9 i\xF9 y\xEF", 11, "Á á í ỵ");
}

static void vni_vowel_at_segment_end_waits_for_its_mark(void **state)
{
    (void)state;
    text_buf t;
    text_init(&t);
    size_t used = 0;
    assert_int_equal(decode_run(ENC_VNI, U("Ma"), 2, 0, 0, &t, &used), 0);
    assert_int_equal(used, 1);
    assert_int_equal(t.len, 1);
    assert_int_equal(decode_run(ENC_VNI, U("a\xE4t"), 3, 1, 1, &t, &used), 0);
    assert_int_equal(used, 3);
    static const exp_cp want[] = {{'M', 0, 1}, {0x1EAD, 1, 2}, {'t', 3, 1}};
    assert_cps(&t, want, NELEM(want));

    /* final: nothing waits */
    t.len = 0;
    decode_all(ENC_VNI, "Ma", 2, 0, &t);
    assert_int_equal(t.len, 2);
    text_free(&t);
}

static void vni_every_segment_split_gives_the_same_text(void **state)
{
    (void)state;
    assert_split_invariant(ENC_VNI, VN2_VNI, sizeof VN2_VNI - 1);
    assert_split_invariant(ENC_VNI, ALL_LETTERS_VNI,
                           sizeof ALL_LETTERS_VNI - 1);
}

/* ------------------------------------------------------------- CP1252 -- */

static void cp1252_decodes_specials_and_undefined_bytes(void **state)
{
    (void)state;
    static const char in[] = "\x80\x93" "caf\xE9\x94\x81\x9F";
    assert_decodes_to(ENC_CP1252, in, sizeof in - 1, "€“café”\xEF\xBF\xBDŸ");
    assert_decodes_to(ENC_CP1252, FR_CP1252, sizeof FR_CP1252 - 1, FR_UTF8);
}

static void single_byte_codes_give_one_code_point_per_byte(void **state)
{
    (void)state;
    static const decode_enc encs[] = {ENC_CP1258, ENC_TCVN3, ENC_CP1252};
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (size_t e = 0; e < NELEM(encs); e++) {
        text_buf t;
        text_init(&t);
        decode_all(encs[e], all, 256, 0, &t);
        assert_int_equal(t.len, 256);
        for (int i = 0; i < 256; i++) {
            assert_int_equal(t.off[i], i);
            assert_int_equal(t.olen[i], 1);
            if (i < 0x80 || (i >= 0xA0 && encs[e] == ENC_CP1252))
                assert_int_equal(t.cp[i], i);
        }
        text_free(&t);
    }
}

static void single_byte_codes_every_split_gives_the_same_text(void **state)
{
    (void)state;
    assert_split_invariant(ENC_TCVN3, VN2_TCVN3, sizeof VN2_TCVN3 - 1);
    assert_split_invariant(ENC_CP1258, VN2_CP1258, sizeof VN2_CP1258 - 1);
    assert_split_invariant(ENC_CP1252, FR_CP1252, sizeof FR_CP1252 - 1);
}

/* -------------------------------------------------- UTF-8 look-alikes -- */

static void utf8_tcvn3_lookalike_reads_bytes_back_via_cp1252(void **state)
{
    (void)state;
    /* "tèi “mËt”" in UTF-8: è Ë 2 bytes, quotes 3 */
    static const char in[] = "t\xC3\xA8i \xE2\x80\x9Cm\xC3\x8Bt\xE2\x80\x9D";
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8_TCVN3, in, sizeof in - 1, 0, &t);
    static const exp_cp want[] = {
        {'t', 0, 1}, {0x1ED1, 1, 2}, {'i', 3, 1}, {' ', 4, 1},
        {0x201C, 5, 3}, {'m', 8, 1}, {0x1EAD, 9, 2}, {'t', 11, 1},
        {0x201D, 12, 3},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
    assert_decodes_to(ENC_UTF8_TCVN3, VN1_LOOK_TCVN3,
                      sizeof VN1_LOOK_TCVN3 - 1, VN1_LOOK_TCVN3_TEXT);
    /* real Vietnamese letters beyond Latin-1 pass through */
    assert_decodes_to(ENC_UTF8_TCVN3, "mËt mật", strlen("mËt mật"),
                      "mật mật");
}

static void utf8_vni_lookalike_joins_two_characters_into_one(void **state)
{
    (void)state;
    /* "TOÁI MAÄT" in UTF-8: Á and Ä are 2 bytes, so Ố and Ậ cover 3 */
    static const char in[] = "TO\xC3\x81I MA\xC3\x84T";
    text_buf t;
    text_init(&t);
    decode_all(ENC_UTF8_VNI, in, sizeof in - 1, 0, &t);
    static const exp_cp want[] = {
        {'T', 0, 1}, {0x1ED0, 1, 3}, {'I', 4, 1}, {' ', 5, 1},
        {'M', 6, 1}, {0x1EAC, 7, 3}, {'T', 10, 1},
    };
    assert_cps(&t, want, NELEM(want));
    text_free(&t);
    assert_decodes_to(ENC_UTF8_VNI, VN2_LOOK_VNI, sizeof VN2_LOOK_VNI - 1,
                      VN2);
}

static void utf8_vni_holds_back_vowel_and_cut_mark(void **state)
{
    (void)state;
    static const char in[] = "MA\xC3\x84T";
    text_buf t;
    text_init(&t);
    size_t used = 0;
    assert_int_equal(decode_run(ENC_UTF8_VNI, U(in), 3, 0, 0, &t, &used), 0);
    assert_int_equal(used, 1); /* A and the first byte of Ä wait */
    assert_int_equal(t.len, 1);
    text_free(&t);
}

static void utf8_lookalike_every_split_gives_the_same_text(void **state)
{
    (void)state;
    assert_split_invariant(ENC_UTF8_TCVN3, VN1_LOOK_TCVN3,
                           sizeof VN1_LOOK_TCVN3 - 1);
    assert_split_invariant(ENC_UTF8_VNI, VN2_LOOK_VNI, sizeof VN2_LOOK_VNI - 1);
}

/* ---------------------------------------------------------- detection -- */

static void detect_takes_empty_and_ascii_input_as_utf8(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(NULL, 0), ENC_UTF8);
    assert_int_equal(decode_detect(U(""), 0), ENC_UTF8);
    static const char ascii[] = "So: 45/KH-UBND\r\nV/v bao cao\tTOI MAT\n";
    assert_int_equal(decode_detect(U(ascii), sizeof ascii - 1), ENC_UTF8);
}

static void detect_trusts_byte_order_marks(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U("\xEF\xBB\xBFM\xE1\xBA\xADt"), 7),
                     ENC_UTF8_BOM);
    assert_int_equal(decode_detect(U("\xEF\xBB\xBF"), 3), ENC_UTF8_BOM);
    assert_int_equal(decode_detect(U("\xFF\xFEM\0"), 4), ENC_UTF16LE);
    assert_int_equal(decode_detect(U("\xFE\xFF\0M"), 4), ENC_UTF16BE);
    /* a UTF-8 BOM wins over bytes that are not UTF-8 */
    assert_int_equal(decode_detect(U("\xEF\xBB\xBFM\xCBt"), 6), ENC_UTF8_BOM);
}

static void detect_picks_utf8_for_vietnamese_paragraphs(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN1), strlen(VN1)), ENC_UTF8);
    assert_int_equal(decode_detect(U(VN2), strlen(VN2)), ENC_UTF8);
    assert_int_equal(decode_detect(U(VN1_NFD), strlen(VN1_NFD)), ENC_UTF8);
    assert_int_equal(decode_detect(U("Mật"), strlen("Mật")), ENC_UTF8);
}

static void detect_allows_utf8_cut_mid_letter_at_sample_end(void **state)
{
    (void)state;
    /* cut inside the last multibyte letter */
    size_t n = strlen(VN2);
    while (n > 0 && (U(VN2)[n - 1] & 0xC0) != 0xC0)
        n--;
    assert_true(n > 100);
    assert_int_equal(decode_detect(U(VN2), n), ENC_UTF8);
}

static void detect_picks_tcvn3_for_vntime_paragraph(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN2_TCVN3), sizeof VN2_TCVN3 - 1),
                     ENC_TCVN3);
}

static void detect_picks_vni_for_vni_times_paragraph(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN2_VNI), sizeof VN2_VNI - 1), ENC_VNI);
}

static void detect_picks_cp1258_for_windows_1258_paragraph(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN2_CP1258), sizeof VN2_CP1258 - 1),
                     ENC_CP1258);
}

static void detect_picks_legacy_code_from_a_lone_stamp_line(void **state)
{
    (void)state;
    static const char tcvn3[] = "So: 45/KH-UBND\nT\xE8I M\xCBT\nV/v bao cao\n";
    static const char vni[] = "So: 45/KH-UBND\nTUYE\xC4T MA\xC4T\nV/v\n";
    static const char cp1258[] = "So: 45/KH-UBND\nT\xD4\xECI M\xC2\xF2T\n";
    assert_int_equal(decode_detect(U(tcvn3), sizeof tcvn3 - 1), ENC_TCVN3);
    assert_int_equal(decode_detect(U(vni), sizeof vni - 1), ENC_VNI);
    assert_int_equal(decode_detect(U(cp1258), sizeof cp1258 - 1), ENC_CP1258);
}

static void detect_prefers_cp1252_for_french_and_german_text(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(FR_CP1252), sizeof FR_CP1252 - 1),
                     ENC_CP1252);
    assert_int_equal(decode_detect(U(DE_CP1252), sizeof DE_CP1252 - 1),
                     ENC_CP1252);
    assert_int_equal(decode_detect(U("caf\xE9 au lait"), 13), ENC_CP1252);
}

static void detect_needs_more_than_a_stray_sign_to_leave_cp1252(void **state)
{
    (void)state;
    /* © is TCVN3 "â", a valid one-letter syllable: too little to go on */
    static const char cp1252[] = "Copyright \xA9 2020 Example Ltd.\n";
    assert_int_equal(decode_detect(U(cp1252), sizeof cp1252 - 1), ENC_CP1252);
    static const char utf8[] = "Copyright © 2020 Example Ltd.\n";
    assert_int_equal(decode_detect(U(utf8), sizeof utf8 - 1), ENC_UTF8);
    /* one real syllable is enough */
    assert_int_equal(decode_detect(U("M\xCBt\n"), 4), ENC_TCVN3);
}

static void detect_reads_a_cut_lead_byte_at_sample_end_as_utf8(void **state)
{
    (void)state;
    /* The sample may end anywhere, so a lone lead byte at its very end is
    ** taken as a cut UTF-8 sequence, not as evidence against UTF-8. */
    assert_int_equal(decode_detect(U("caf\xE9"), 4), ENC_UTF8);
    assert_int_equal(decode_detect(U("So: 45\n\xE1\xBA"), 9), ENC_UTF8);
    /* ... unless a legacy reading of it is Vietnamese: TCVN3 "Bảo mật chế" */
    assert_int_equal(decode_detect(U("B\xB6o m\xCBt ch\xD5"), 11), ENC_TCVN3);
}

static void detect_keeps_utf8_for_western_utf8_text(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(FR_UTF8), strlen(FR_UTF8)), ENC_UTF8);
    static const char en[] = "“Quoted” — naïve café, © 2025 … résumé";
    assert_int_equal(decode_detect(U(en), strlen(en)), ENC_UTF8);
}

static void detect_picks_utf8_tcvn3_for_lookalike_paragraph(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN1_LOOK_TCVN3),
                                   sizeof VN1_LOOK_TCVN3 - 1), ENC_UTF8_TCVN3);
    static const char stamp[] = "So: 45/KH-UBND\nT\xC3\xA8I M\xC3\x8BT\n";
    assert_int_equal(decode_detect(U(stamp), sizeof stamp - 1),
                     ENC_UTF8_TCVN3);
}

static void detect_picks_utf8_vni_for_lookalike_paragraph(void **state)
{
    (void)state;
    assert_int_equal(decode_detect(U(VN2_LOOK_VNI), sizeof VN2_LOOK_VNI - 1),
                     ENC_UTF8_VNI);
    static const char stamp[] = "TO\xC3\x81I MA\xC3\x84T";
    assert_int_equal(decode_detect(U(stamp), sizeof stamp - 1), ENC_UTF8_VNI);
}

static void detect_finds_utf16_without_bom(void **state)
{
    (void)state;
    unsigned char buf[2048];
    size_t n = to_utf16(VN2, buf, 0);
    assert_int_equal(decode_detect(buf, n), ENC_UTF16LE);
    n = to_utf16(VN2, buf, 1);
    assert_int_equal(decode_detect(buf, n), ENC_UTF16BE);
    n = to_utf16("TỐI MẬT", buf, 0);
    assert_int_equal(decode_detect(buf, n - 1), ENC_UTF16LE); /* odd cut */
}

static void detect_looks_at_the_first_64_kib_only(void **state)
{
    (void)state;
    size_t n = 70000;
    unsigned char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, 'a', n);
    memcpy(buf + 65536, "\xFF\xFE\xCB\xE8", 4); /* never looked at */
    assert_int_equal(decode_detect(buf, n), ENC_UTF8);
    memcpy(buf + 100, "\nT\xE8I M\xCBT\n", 9);
    assert_int_equal(decode_detect(buf, n), ENC_TCVN3);
    free(buf);
}

/* -------------------------------------------------------------- names -- */

static void enc_names_are_stable_and_parse_back(void **state)
{
    (void)state;
    static const struct {
        decode_enc e;
        const char *name;
    } names[] = {
        {ENC_UTF8, "utf-8"},         {ENC_UTF8_BOM, "utf-8-bom"},
        {ENC_UTF16LE, "utf-16le"},   {ENC_UTF16BE, "utf-16be"},
        {ENC_CP1258, "cp1258"},      {ENC_TCVN3, "tcvn3"},
        {ENC_VNI, "vni"},            {ENC_CP1252, "cp1252"},
        {ENC_UTF8_TCVN3, "utf-8+tcvn3"}, {ENC_UTF8_VNI, "utf-8+vni"},
    };
    for (size_t i = 0; i < NELEM(names); i++) {
        assert_string_equal(decode_enc_name(names[i].e), names[i].name);
        assert_int_equal(decode_enc_parse(names[i].name), names[i].e);
    }
    assert_string_equal(decode_enc_name(ENC_UNKNOWN), "unknown");
    assert_string_equal(decode_enc_name((decode_enc)99), "unknown");
}

static void enc_parse_takes_common_aliases(void **state)
{
    (void)state;
    assert_int_equal(decode_enc_parse("UTF8"), ENC_UTF8);
    assert_int_equal(decode_enc_parse("utf_8"), ENC_UTF8);
    assert_int_equal(decode_enc_parse("Windows-1258"), ENC_CP1258);
    assert_int_equal(decode_enc_parse("TCVN"), ENC_TCVN3);
    assert_int_equal(decode_enc_parse("tcvn5712-1"), ENC_TCVN3);
    assert_int_equal(decode_enc_parse("TCVN5712-1:1993"), ENC_TCVN3);
    assert_int_equal(decode_enc_parse("VNI-Windows"), ENC_VNI);
    assert_int_equal(decode_enc_parse("windows-1252"), ENC_CP1252);
    assert_int_equal(decode_enc_parse("latin1"), ENC_CP1252);
    assert_int_equal(decode_enc_parse("UTF-16"), ENC_UTF16LE);
    assert_int_equal(decode_enc_parse("utf-8-sig"), ENC_UTF8_BOM);
    assert_int_equal(decode_enc_parse("klingon"), ENC_UNKNOWN);
    assert_int_equal(decode_enc_parse("utf"), ENC_UNKNOWN);
    assert_int_equal(decode_enc_parse(""), ENC_UNKNOWN);
    assert_int_equal(decode_enc_parse(NULL), ENC_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_decodes_stamp_words_with_byte_offsets),
        cmocka_unit_test(utf8_appends_after_existing_text),
        cmocka_unit_test(utf8_ascii_fast_path_keeps_every_offset),
        cmocka_unit_test(utf8_invalid_bytes_become_fffd_covering_the_bad_bytes),
        cmocka_unit_test(utf8_accepts_four_byte_and_boundary_code_points),
        cmocka_unit_test(utf8_truncated_end_with_final_is_one_fffd),
        cmocka_unit_test(utf8_segment_split_leaves_incomplete_tail_unconsumed),
        cmocka_unit_test(utf8_non_final_keeps_no_bytes_that_are_already_bad),
        cmocka_unit_test(utf8_every_segment_split_gives_the_same_text),
        cmocka_unit_test(utf8_bom_is_reported_and_skipped_by_caller),
        cmocka_unit_test(empty_input_appends_nothing_in_every_encoding),
        cmocka_unit_test(utf16le_decodes_letters_and_surrogate_pairs),
        cmocka_unit_test(utf16be_decodes_mat),
        cmocka_unit_test(utf16_lone_surrogates_become_fffd),
        cmocka_unit_test(utf16_odd_length_ends_in_fffd_or_waits),
        cmocka_unit_test(utf16_every_segment_split_gives_the_same_text),
        cmocka_unit_test(cp1258_keeps_tone_marks_as_combining_code_points),
        cmocka_unit_test(cp1258_matches_iconv_on_every_letter_and_a_paragraph),
        cmocka_unit_test(tcvn3_decodes_to_precomposed_letters),
        cmocka_unit_test(tcvn3_vntimeh_capitals_decode_as_lower_case_letters),
        cmocka_unit_test(tcvn3_matches_iconv_on_every_letter_and_a_paragraph),
        cmocka_unit_test(tcvn3_keeps_controls_and_windows_punctuation_below_a0),
        cmocka_unit_test(vni_two_byte_letter_is_one_code_point_over_both),
        cmocka_unit_test(vni_matches_the_vni_table_on_every_letter),
        cmocka_unit_test(vni_single_byte_letters_map_to_vietnamese),
        cmocka_unit_test(vni_mark_without_a_vowel_stays_windows_1252),
        cmocka_unit_test(vni_mark_case_need_not_match_letter_case),
        cmocka_unit_test(vni_vowel_at_segment_end_waits_for_its_mark),
        cmocka_unit_test(vni_every_segment_split_gives_the_same_text),
        cmocka_unit_test(cp1252_decodes_specials_and_undefined_bytes),
        cmocka_unit_test(single_byte_codes_give_one_code_point_per_byte),
        cmocka_unit_test(single_byte_codes_every_split_gives_the_same_text),
        cmocka_unit_test(utf8_tcvn3_lookalike_reads_bytes_back_via_cp1252),
        cmocka_unit_test(utf8_vni_lookalike_joins_two_characters_into_one),
        cmocka_unit_test(utf8_vni_holds_back_vowel_and_cut_mark),
        cmocka_unit_test(utf8_lookalike_every_split_gives_the_same_text),
        cmocka_unit_test(detect_takes_empty_and_ascii_input_as_utf8),
        cmocka_unit_test(detect_trusts_byte_order_marks),
        cmocka_unit_test(detect_picks_utf8_for_vietnamese_paragraphs),
        cmocka_unit_test(detect_allows_utf8_cut_mid_letter_at_sample_end),
        cmocka_unit_test(detect_picks_tcvn3_for_vntime_paragraph),
        cmocka_unit_test(detect_picks_vni_for_vni_times_paragraph),
        cmocka_unit_test(detect_picks_cp1258_for_windows_1258_paragraph),
        cmocka_unit_test(detect_picks_legacy_code_from_a_lone_stamp_line),
        cmocka_unit_test(detect_prefers_cp1252_for_french_and_german_text),
        cmocka_unit_test(detect_needs_more_than_a_stray_sign_to_leave_cp1252),
        cmocka_unit_test(detect_reads_a_cut_lead_byte_at_sample_end_as_utf8),
        cmocka_unit_test(detect_keeps_utf8_for_western_utf8_text),
        cmocka_unit_test(detect_picks_utf8_tcvn3_for_lookalike_paragraph),
        cmocka_unit_test(detect_picks_utf8_vni_for_lookalike_paragraph),
        cmocka_unit_test(detect_finds_utf16_without_bom),
        cmocka_unit_test(detect_looks_at_the_first_64_kib_only),
        cmocka_unit_test(enc_names_are_stable_and_parse_back),
        cmocka_unit_test(enc_parse_takes_common_aliases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
