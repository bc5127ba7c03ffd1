/* The generated pinyin table (see data/gen_pinyin.py). */
#ifndef QUDAO_PINYIN_DATA_H
#define QUDAO_PINYIN_DATA_H

#define PINYIN_FIRST 0x3400
#define PINYIN_LAST  0x9FFF

/* The Unicode version of the Unihan file the table was made from. */
extern const char pinyin_unihan_version[];
extern const char *const pinyin_syllables[];
extern const int pinyin_syllable_count;
extern const unsigned short pinyin_index[PINYIN_LAST - PINYIN_FIRST + 1];

/* Other modern readings of characters that have more than one, by code point. */
struct pinyin_more {
	unsigned int uc;
	unsigned short syllables[3]; /* 0 ends the list */
};
extern const struct pinyin_more pinyin_more[];
extern const int pinyin_more_count;

#endif
