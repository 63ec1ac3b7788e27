/* cks/text.h — Unicode text: validation, NFC, display width and the two
 * comparison keys (search folding and name identity), on utf8proc.
 *
 * Every function returning char* returns a new NUL-terminated string that
 * the caller owns and releases with free(). On failure they return NULL and
 * fill *err (which may be NULL): CKS_E_UTF8 for invalid input (the message
 * names the byte offset), CKS_E_NOMEM when memory runs out.
 *
 * Inputs are NUL-terminated UTF-8; an embedded NUL is not representable.
 */
#ifndef CKS_TEXT_H
#define CKS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "cks/error.h"

/* True when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF, no NUL byte). On false, *bad (may be
 * NULL) is the offset of the first offending byte. */
bool cks_text_valid(const char *s, size_t len, size_t *bad);

/* s normalised to NFC. */
char *cks_text_nfc(const char *s, cks_error *err);

/* s in capitals, NFC ("phường Cẩm Thành" → "PHƯỜNG CẨM THÀNH"): the
 * agency name and titles of printed forms. */
char *cks_text_upper(const char *s, cks_error *err);

/* s as a clean one-line field: NFC, every run of white space (ASCII and
 * Unicode spaces, tabs, newlines) made one U+0020, trimmed at both ends.
 * Other control characters (C0, DEL, C1) are refused with CKS_E_INVALID,
 * so escape sequences never reach a terminal or a workbook. */
char *cks_text_clean(const char *s, cks_error *err);

/* Terminal columns needed to show s (combining marks take none, wide CJK
 * take two). Returns -1 for invalid UTF-8 or control characters. */
int cks_text_width(const char *s);

/* Number of bytes of s that fit in at most max_cols columns without cutting
 * a character or separating a base letter from its combining marks; *cols
 * (may be NULL) receives the columns those bytes use. For drawing. */
size_t cks_text_fit(const char *s, int max_cols, int *cols);

/* Search key: no case, no accents (every combining mark dropped), đ/Đ → d,
 * white space collapsed and trimmed. "CẨM THÀNH", "cam  thanh" and the NFD
 * form of "Cẩm Thành" all give "cam thanh". For search only, never for
 * deciding whether two names are the same. */
char *cks_text_fold(const char *s, cks_error *err);

/* Name identity key: no case, Unicode form and spacing ignored, and the
 * place of the tone mark inside each syllable made canonical, so the old
 * and new spellings meet ("Thuỵ" = "Thụy", "Uý" = "Úy", "hoà" = "hòa").
 * Accents are kept: "Sa Pa" and "Sa Pả" differ, "Nà Hang" and "Na Hang"
 * differ. The key is for comparison only; it is not meant to be shown. */
char *cks_text_name_key(const char *s, cks_error *err);

/* Convenience: equal name identity keys. Invalid UTF-8 is never equal. */
bool cks_text_same_name(const char *a, const char *b);

/* Convenience: equal search keys (same letters once accents are dropped). */
bool cks_text_same_folded(const char *a, const char *b);

/* The key of a column header: the search key with only its letters and
 * digits ("Số hiệu" → "sohieu", "new_code" → "newcode"), into out (n
 * bytes, truncated). Returns out. */
char *cks_text_header_key(const char *s, char *out, size_t n);

/* Is word one of the '|'-separated words of list ("a|bc|d")? */
bool cks_text_in_list(const char *list, const char *word);

/* s with every accent removed and đ/Đ → d/D, case kept: for a terminal that
 * cannot show UTF-8 ("Phường Cẩm Thành" → "Phuong Cam Thanh"). Characters
 * that have no ASCII form become '?'. */
char *cks_text_ascii(const char *s, cks_error *err);

#endif
