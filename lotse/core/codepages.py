"""Telling a file of another Windows code page from one in Windows-1252 (``misread``).

Excel saves "CSV" in the code page of the Windows it runs on. A file from a Russian,
Turkish or Polish Windows decodes as Windows-1252 without an error, but with other letters:
the import must refuse it rather than store the names wrongly. Windows-1252 serves many
languages whose real names use the very letters such a file turns into (Icelandic Guðrún,
Þór; Czech Novotný; Spanish Calle Nº 5), so only combinations that those names do not
write count as misread.
"""

from __future__ import annotations

import re

_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿŠšŒœŽžŸ"  # the letters of Windows-1252
# What Central European letters (1250) become: ł ą ż Ł Ą Ż Ľ ľ ş Ş as ³ ¹ ¿ £ ¥ ¯ ¼ ¾ º ª.
_SIGNS = "¹²³ºª¿£¥¯¼¾"
_ORDINALS = "ºª"  # after a number: 1º, 2ª
# What Turkish letters (1254) become: ğ ş ı Ğ Ş İ as ð þ ý Ð Þ Ý.
_TURKISH_AS = "ðþýÐÞÝ"

_FOUR_ACCENTED = re.compile("[À-ÖØ-öø-ÿ]{4}")
_SUSPECT = re.compile(f"[{_TURKISH_AS}{_SIGNS}]")
_WORD_CHAR = re.compile(f"[{_LETTERS}{_SIGNS}]")
_WORD_CHARS = frozenset(filter(_WORD_CHAR.fullmatch, map(chr, range(0x180))))  # Ÿ is U+0178
_WORD_AFTER = re.compile(f"[{_LETTERS}{_SIGNS}]*")

_SIGN_AS_LETTER = re.compile(
    f"[{_LETTERS}][{_SIGNS}][{_LETTERS}]"  # Wa³êsa, Mureºan, Ró¿ycki
    f"|^[£¥¯¼¾ºª¹³][{_LETTERS}]"  # £ukasz, ¯ak, ªtefan, ¼ubomír (not ¿Qué)
    f"|[{_LETTERS}](?<![mM])[¹³]$"  # Micha³, Pawe³ (not m², m³)
)
_TURKISH_AS_ICELANDIC = re.compile(
    "^[ÝýÐð]."  # İbrahim: Ýbrahim
    "|[AEIOUYÄÖÜaeiouyäöü][Ýý]"  # Yılmaz: Yýlmaz
    "|[Þþ](?![ÓOÁRUÚYJVÖóoáruúyjvö])"  # Ayşe: Ayþe, Ateş: Ateþ, Şahin: Þahin, Işık: Iþýk
    "|[ÇÜÂÎÛçüâîû].*[ðþýÐÞÝ]|[ðþýÐÞÝ].*[ÇÜÂÎÛçüâîû]"  # Kılıç: Kýlýç, Çağla: Çaðla
    "|[oO][ðÐ][lL][uU]"  # Karaoğlu: Karaoðlu
)


def misread(text: str) -> bool:
    """Whether ``text``, decoded as Windows-1252, is rather another code page's text.

    It is if it has

    - four letters with accents in a row: Cyrillic (1251), Greek (1253), Arabic (1256) or
      Hebrew (1255) letters all become such letters (Иван: Èâàí), and no name of a language
      written in Windows-1252 has more than three (Küçük);
    - or a word with a sign where Central European (1250) letters become signs
      (``_SIGN_AS_LETTER``): between two letters (Wałęsa: Wa³êsa, Mureşan: Mureºan), at a
      word's start before a letter (Łukasz: £ukasz, Żak: ¯ak, Ştefan: ªtefan) or ³ ¹ at
      a word's end after a letter other than m (Michał: Micha³). Signs after a digit or a
      word (Nº 5, Mª José, 2ª planta, 1º, 1ºB, 80 m², £5, ¿Qué?) are as written;
    - or a word where Turkish letters (1254: ğ ş ı Ğ Ş İ) became ð þ ý Ð Þ Ý where
      Icelandic, Faroese, Czech and Slovak names never write them
      (``_TURKISH_AS_ICELANDIC``): ý Ý ð Ð starting a word (İbrahim: Ýbrahim), ý after a
      vowel or y (Yılmaz: Yýlmaz), þ Þ at a word's end or before a letter other than
      ó o á r u ú y j v ö (Ayşe: Ayþe, Şahin: Þahin, Işık: Iþýk), ð þ ý together with
      ç ü â î û, which those languages do not have (Kılıç: Kýlýç), or the ending -oğlu
      (Karaoðlu).

    So Guðrún Sigurðardóttir, Þór, Eyþór, Lýður, Novotný, Veselý, Malý and Výborný are
    read. The cost: an Icelandic name starting with Ý (Ýr, Ýmir) or with Þe (Þeódór) is
    refused (saved as UTF-8, the file is read), and a word whose only Turkish letter is a
    ğ after a vowel (Doğan: Doðan) or an ı after a consonant (Aydın) is not recognised: a
    file with several Turkish names nearly always has one of the words above.
    """
    if _FOUR_ACCENTED.search(text):
        return True
    checked: set[str] = set()  # a file has the same names, streets and cities many times
    word_end = 0  # where the word of the last suspect character ends
    for found in _SUSPECT.finditer(text):
        if found.start() < word_end:
            continue  # in the word looked at already (each word is walked once)
        word, word_end = _word_at(text, found.start())
        if word not in checked:
            if _misread_word(word):
                return True
            checked.add(word)
    return False


def _word_at(text: str, position: int) -> tuple[str, int]:
    """The word (letters and the signs of ``_SIGNS``) around ``position``, and where it
    ends. Ordinal signs right after a number are not part of it (1ºB, 3ªA: Spanish and
    Portuguese floors and flats)."""
    start = position
    while start and text[start - 1] in _WORD_CHARS:
        start -= 1
    after = _WORD_AFTER.match(text, position)
    end = after.end() if after else position
    while start < end and text[start] in _ORDINALS and start and text[start - 1].isdigit():
        start += 1
    return text[start:end], end


def _misread_word(word: str) -> bool:
    return bool(_SIGN_AS_LETTER.search(word) or _TURKISH_AS_ICELANDIC.search(word))
