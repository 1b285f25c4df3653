// Strings: immutable, in the program region, UTF-8 bytes with a NUL after the last. Conversions
// follow F#'s `string x` and `int s` / `float s`, which are .NET's ToString and FSharp.Core's
// parsers.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"

namespace clef_runtime {
namespace {

struct ListCell {
  const clef_string* head;
  const ListCell* tail;
};

// A parse failure: the exception to raise once the parser's frame is gone. The message is
// already in the region, so raising holds nothing that needs freeing.
struct ParseError {
  int32_t kind = CLEF_EXN_FORMAT;
  clef_string* message = nullptr;
};

ParseError Error(int32_t kind, const char* message) {
  return ParseError{kind, MakeString(message, std::strlen(message))};
}

// .NET's message for text that is not a number: "The input string '<text>' was not in a correct
// format."
ParseError NotInCorrectFormat(const char* text, size_t length) {
  static constexpr char kBefore[] = "The input string '";
  static constexpr char kAfter[] = "' was not in a correct format.";
  const size_t before = sizeof(kBefore) - 1;
  const size_t after = sizeof(kAfter) - 1;
  clef_string* message = AllocateString(before + length + after);
  std::memcpy(message->data, kBefore, before);
  if (length > 0) std::memcpy(message->data + before, text, length);
  std::memcpy(message->data + before + length, kAfter, after);
  return ParseError{CLEF_EXN_FORMAT, message};
}

constexpr const char kInputStringNotCorrect[] = "Input string was not in a correct format.";
constexpr const char kNoDigits[] = "Could not find any recognizable digits.";
constexpr const char kTrailingCharacters[] =
    "Additional non-parsable characters are at the end of the string.";
constexpr const char kMinusWithBase[] = "String cannot contain a minus sign if the base is not 10.";
constexpr const char kOverflowUInt64[] = "Value was either too large or too small for a UInt64.";
constexpr const char kOverflowUInt32[] = "Value was either too large or too small for a UInt32.";
constexpr const char kOverflowInt64[] = "Value was either too large or too small for an Int64.";
constexpr const char kOverflowInt32[] = "Value was either too large or too small for an Int32.";

// The code point at s[i] (of n bytes) and its length in bytes; a malformed byte reads as itself.
uint32_t DecodeAt(const char* s, size_t n, size_t i, size_t* bytes) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t count = b0 < 0x80           ? 1
                 : (b0 >> 5) == 0x6  ? 2
                 : (b0 >> 4) == 0xE  ? 3
                 : (b0 >> 3) == 0x1E ? 4
                                     : 1;
  if (i + count > n) count = 1;
  uint32_t cp = count == 1 ? b0 : count == 2 ? (b0 & 0x1F) : count == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < count; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *bytes = 1;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *bytes = count;
  return cp;
}

// .NET's Char.IsWhiteSpace, which String.Trim uses.
bool IsWhiteSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool IsAsciiWhiteSpace(char c) { return (c >= 0x09 && c <= 0x0D) || c == ' '; }

// Removes what .NET's String.Trim removes from [*begin, *end).
void Trim(const char* s, size_t* begin, size_t* end) {
  while (*begin < *end) {
    size_t bytes;
    if (!IsWhiteSpace(DecodeAt(s, *end, *begin, &bytes))) break;
    *begin += bytes;
  }
  while (*end > *begin) {
    size_t start = *end - 1;
    while (start > *begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 &&
           *end - start < 4) {
      --start;
    }
    size_t bytes;
    const uint32_t cp = DecodeAt(s, *end, start, &bytes);
    if (start + bytes != *end || !IsWhiteSpace(cp)) break;
    *end = start;
  }
}

// The text with every '_' removed (FSharp.Core accepts "1_000"), in `out`, which has room for
// `length` bytes.
size_t RemoveUnderscores(const char* text, size_t length, char* out) {
  size_t n = 0;
  for (size_t i = 0; i < length; ++i) {
    if (text[i] != '_') out[n++] = text[i];
  }
  return n;
}

// Number parsing accepts trailing NULs, as .NET does.
size_t WithoutTrailingNuls(const char* text, size_t length) {
  while (length > 0 && text[length - 1] == '\0') --length;
  return length;
}

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// UInt64.Parse(text, NumberStyles.AllowHexSpecifier): the text is checked before overflow is.
bool ParseHex(const char* text, size_t length, uint64_t* value, ParseError* error,
              const char* overflow_message) {
  const size_t digits = WithoutTrailingNuls(text, length);
  bool overflow = false;
  uint64_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int d = DigitValue(text[i]);
    if (d >= 16) {
      *error = NotInCorrectFormat(text, length);
      return false;
    }
    if ((v >> 60) != 0) overflow = true;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  if (digits == 0) {
    *error = NotInCorrectFormat(text, length);
    return false;
  }
  if (overflow) {
    *error = Error(CLEF_EXN_OVERFLOW, overflow_message);
    return false;
  }
  *value = v;
  return true;
}

// Convert.ToUInt64(text, base) for base 2 or 8: overflow is found while scanning the digits.
bool ParseRadix(const char* text, size_t length, int base, uint64_t* value, ParseError* error) {
  size_t i = 0;
  if (i < length && text[i] == '-') {
    *error = Error(CLEF_EXN_ARGUMENT, kMinusWithBase);
    return false;
  }
  if (i < length && text[i] == '+') ++i;
  const size_t first = i;
  uint64_t v = 0;
  for (; i < length && DigitValue(text[i]) < base; ++i) {
    const auto d = static_cast<uint64_t>(DigitValue(text[i]));
    if (v > (UINT64_MAX - d) / static_cast<uint64_t>(base)) {
      *error = Error(CLEF_EXN_OVERFLOW, kOverflowUInt64);
      return false;
    }
    v = v * static_cast<uint64_t>(base) + d;
  }
  if (i == first) {
    *error = Error(CLEF_EXN_FORMAT, kNoDigits);
    return false;
  }
  if (i != length) {
    *error = Error(CLEF_EXN_FORMAT, kTrailingCharacters);
    return false;
  }
  *value = v;
  return true;
}

// Int32/Int64.Parse(text, NumberStyles.AllowLeadingSign): a sign, ASCII digits, trailing NULs.
bool ParseDecimal(const char* text, size_t length, bool is64, int64_t* value, ParseError* error) {
  const size_t end = WithoutTrailingNuls(text, length);
  size_t i = 0;
  bool negative = false;
  if (i < end && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == end) {
    *error = NotInCorrectFormat(text, length);
    return false;
  }
  // Accumulate the magnitude as unsigned; the limit is one more for negatives.
  const uint64_t limit = is64 ? (negative ? uint64_t{1} << 63 : INT64_MAX)
                              : (negative ? uint64_t{1} << 31 : INT32_MAX);
  uint64_t magnitude = 0;
  bool overflow = false;
  for (; i < end; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      *error = NotInCorrectFormat(text, length);
      return false;
    }
    const auto d = static_cast<uint64_t>(text[i] - '0');
    if (overflow || magnitude > (limit - d) / 10) {
      overflow = true;
      continue;
    }
    magnitude = magnitude * 10 + d;
  }
  if (overflow) {
    *error = Error(CLEF_EXN_OVERFLOW, is64 ? kOverflowInt64 : kOverflowInt32);
    return false;
  }
  *value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// FSharp.Core's ParseInt32/ParseInt64: trim, drop underscores, a '-', then 0x/0o/0b or decimal.
// `scratch` has room for the text.
bool ParseInteger(const clef_string* s, bool is64, char* scratch, int64_t* value,
                  ParseError* error) {
  size_t begin = 0;
  size_t end = Length(s);
  Trim(Data(s), &begin, &end);
  const size_t l = RemoveUnderscores(Data(s) + begin, end - begin, scratch);
  const char* t = scratch;
  size_t p = 0;
  int64_t sign = 1;
  if (p < l && t[p] == '-') {
    sign = -1;
    ++p;
  }
  char specifier = 'd';
  if (l >= p + 2 && t[p] == '0') {
    const char c = static_cast<char>(t[p + 1] | 0x20);
    if (c == 'x' || c == 'o' || c == 'b') {
      specifier = c;
      p += 2;
    }
  }
  if (p >= l) {
    *error = Error(CLEF_EXN_FORMAT, kInputStringNotCorrect);
    return false;
  }
  uint64_t bits = 0;
  switch (specifier) {
    case 'x':
      // ParseInt64 reads the digits with Int64.Parse, ParseInt32 with UInt64.Parse.
      if (!ParseHex(t + p, l - p, &bits, error, is64 ? kOverflowInt64 : kOverflowUInt64)) {
        return false;
      }
      break;
    case 'o':
    case 'b':
      if (!ParseRadix(t + p, l - p, specifier == 'o' ? 8 : 2, &bits, error)) return false;
      break;
    default:
      return ParseDecimal(t, l, is64, value, error);
  }
  if (!is64 && bits > UINT32_MAX) {
    *error = Error(CLEF_EXN_OVERFLOW, kOverflowUInt32);
    return false;
  }
  // The digits give the bit pattern (0xFFFFFFFF is -1); the sign then negates with wrap-around.
  if (is64) {
    *value = static_cast<int64_t>(static_cast<uint64_t>(sign) * bits);
  } else {
    const auto v32 = static_cast<int32_t>(static_cast<uint32_t>(bits));
    *value = static_cast<int32_t>(static_cast<uint32_t>(sign) * static_cast<uint32_t>(v32));
  }
  return true;
}

bool EqualsIgnoreCase(const char* text, size_t length, const char* word) {
  const size_t n = std::strlen(word);
  if (length != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if ((text[i] | 0x20) != (word[i] | 0x20)) return false;
  }
  return true;
}

// Double.Parse(text, NumberStyles.Float, InvariantCulture) after FSharp.Core drops underscores:
// ASCII white space around, a sign, digits with one '.', an exponent; or Infinity/NaN in any
// case.
bool ParseFloat(const clef_string* s, char* scratch, double* value, ParseError* error) {
  const size_t length = RemoveUnderscores(Data(s), Length(s), scratch);
  const char* t = scratch;
  size_t begin = 0;
  size_t end = WithoutTrailingNuls(t, length);
  while (begin < end && IsAsciiWhiteSpace(t[begin])) ++begin;
  while (end > begin && IsAsciiWhiteSpace(t[end - 1])) --end;
  size_t i = begin;
  bool negative = false;
  if (i < end && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  if (EqualsIgnoreCase(t + i, end - i, "Infinity")) {
    *value = negative ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (EqualsIgnoreCase(t + i, end - i, "NaN")) {
    *value = std::nan("");
    return true;
  }
  const size_t number = i;
  size_t digits = 0;
  for (; i < end && t[i] >= '0' && t[i] <= '9'; ++i) ++digits;
  if (i < end && t[i] == '.') {
    ++i;
    for (; i < end && t[i] >= '0' && t[i] <= '9'; ++i) ++digits;
  }
  if (digits > 0 && i < end && (t[i] == 'e' || t[i] == 'E')) {
    size_t j = i + 1;
    if (j < end && (t[j] == '+' || t[j] == '-')) ++j;
    const size_t exponent = j;
    while (j < end && t[j] >= '0' && t[j] <= '9') ++j;
    if (j > exponent) i = j;
  }
  if (digits == 0 || i != end) {
    *error = NotInCorrectFormat(t, length);
    return false;
  }
  // from_chars is exact and ignores the locale; it reports out-of-range results, which .NET
  // rounds to infinity or zero as strtod does.
  double magnitude = 0;
#if defined(__cpp_lib_to_chars)
  const auto [ptr, ec] = std::from_chars(t + number, t + end, magnitude);
  if (ec == std::errc::result_out_of_range) {
    scratch[end] = '\0';  // scratch has room: `end` <= length and the caller sized it length + 1
    magnitude = std::strtod(t + number, nullptr);
  } else if (ec != std::errc() || ptr != t + end) {
    *error = NotInCorrectFormat(t, length);
    return false;
  }
#else
  // libc++ 19 (wasm32) has no floating-point from_chars; wasi-libc's strtod rounds correctly and
  // WASI's only locale is "C". The text was validated above, so strtod reads all of it.
  scratch[end] = '\0';
  magnitude = std::strtod(t + number, nullptr);
#endif
  *value = negative ? -magnitude : magnitude;
  return true;
}

// A scratch copy of a string's bytes: on the stack when small. Freed by the caller before it
// raises, as raising skips destructors.
struct Scratch {
  char small[256];
  char* data;
};

char* ScratchFor(Scratch* scratch, size_t length) {
  scratch->data = length + 1 <= sizeof(scratch->small)
                      ? scratch->small
                      : static_cast<char*>(std::malloc(length + 1));
  if (scratch->data == nullptr) Fatal("out of memory");
  return scratch->data;
}

void FreeScratch(Scratch* scratch) {
  if (scratch->data != scratch->small) std::free(scratch->data);
}

int64_t IntegerOfString(const clef_string* s, bool is64) {
  Scratch scratch;
  int64_t value = 0;
  ParseError error;
  const bool ok = ParseInteger(s, is64, ScratchFor(&scratch, Length(s)), &value, &error);
  FreeScratch(&scratch);
  if (!ok) clef_raise(clef_exn_new(error.kind, error.message));
  return value;
}

// .NET's message for an ArgumentOutOfRangeException from ThrowIfNegative.
[[noreturn]] void RaiseNegative(const char* name, int32_t value) {
  char text[160];
  const int n = std::snprintf(text, sizeof(text),
                              "%s ('%d') must be a non-negative value. (Parameter '%s')\n"
                              "Actual value was %d.",
                              name, value, name, value);
  Raise(CLEF_EXN_ARGUMENT_OUT_OF_RANGE, text, static_cast<size_t>(n));
}

}  // namespace

size_t EncodeUtf8(int32_t value, char* out) {
  auto cp = static_cast<uint32_t>(value);
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;  // not a scalar value
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

}  // namespace clef_runtime

using clef_runtime::Data;
using clef_runtime::Length;

extern "C" {

clef_string* clef_string_new(const char* bytes, int64_t length) {
  if (length < 0) clef_runtime::Fatal("clef_string_new: negative length");
  return clef_runtime::MakeString(bytes, static_cast<size_t>(length));
}

clef_string* clef_string_concat(const clef_string* a, const clef_string* b) {
  const size_t la = Length(a);
  const size_t lb = Length(b);
  clef_string* s = clef_runtime::AllocateString(la + lb);
  if (la > 0) std::memcpy(s->data, Data(a), la);
  if (lb > 0) std::memcpy(s->data + la, Data(b), lb);
  return s;
}

bool clef_string_equal(const clef_string* a, const clef_string* b) {
  return Length(a) == Length(b) && std::memcmp(Data(a), Data(b), Length(a)) == 0;
}

int32_t clef_string_compare(const clef_string* a, const clef_string* b) {
  // Byte order of UTF-8 is code point order, which is .NET's ordinal order except between
  // surrogate pairs and U+E000..U+FFFF.
  const size_t la = Length(a);
  const size_t lb = Length(b);
  const int c = std::memcmp(Data(a), Data(b), la < lb ? la : lb);
  if (c != 0) return c < 0 ? -1 : 1;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

int32_t clef_string_hash(const clef_string* s) {
  // FNV-1a: stable across runs (.NET's string hash is randomized per process, so nothing can
  // depend on its values).
  uint32_t h = 2166136261u;
  const char* d = Data(s);
  for (size_t i = 0, n = Length(s); i < n; ++i) {
    h = (h ^ static_cast<unsigned char>(d[i])) * 16777619u;
  }
  return static_cast<int32_t>(h);
}

int32_t clef_string_get(const clef_string* s, int32_t index) {
  if (index < 0 || static_cast<size_t>(index) >= Length(s)) {
    clef_raise_kind(CLEF_EXN_INDEX_OUT_OF_RANGE);
  }
  return static_cast<unsigned char>(Data(s)[index]);
}

clef_string* clef_string_sub(const clef_string* s, int32_t start, int32_t length) {
  const size_t n = Length(s);
  // String.Substring's checks, in its order.
  if (start < 0) clef_runtime::RaiseNegative("startIndex", start);
  if (static_cast<size_t>(start) > n) {
    static constexpr char kMessage[] =
        "startIndex cannot be larger than length of string. (Parameter 'startIndex')";
    clef_runtime::Raise(CLEF_EXN_ARGUMENT_OUT_OF_RANGE, kMessage, sizeof(kMessage) - 1);
  }
  if (length < 0) clef_runtime::RaiseNegative("length", length);
  if (static_cast<size_t>(start) + static_cast<size_t>(length) > n) {
    static constexpr char kMessage[] =
        "Index and length must refer to a location within the string. (Parameter 'length')";
    clef_runtime::Raise(CLEF_EXN_ARGUMENT_OUT_OF_RANGE, kMessage, sizeof(kMessage) - 1);
  }
  return clef_runtime::MakeString(Data(s) + start, static_cast<size_t>(length));
}

clef_string* clef_string_join_list(const clef_string* separator, const void* list) {
  const auto* cells = static_cast<const clef_runtime::ListCell*>(list);
  const size_t ls = Length(separator);
  size_t total = 0;
  size_t count = 0;
  for (const auto* c = cells; c != nullptr; c = c->tail, ++count) total += Length(c->head);
  if (count > 1) total += ls * (count - 1);
  clef_string* s = clef_runtime::AllocateString(total);
  char* out = s->data;
  for (const auto* c = cells; c != nullptr; c = c->tail) {
    if (c != cells && ls > 0) {
      std::memcpy(out, Data(separator), ls);
      out += ls;
    }
    const size_t lh = Length(c->head);
    if (lh > 0) std::memcpy(out, Data(c->head), lh);
    out += lh;
  }
  return s;
}

clef_string* clef_string_replicate(int32_t count, const clef_string* s) {
  if (count < 0) {
    char text[96];
    const int n =
        std::snprintf(text, sizeof(text),
                      "The input must be non-negative.\ncount = %d (Parameter 'count')", count);
    clef_runtime::Raise(CLEF_EXN_ARGUMENT, text, static_cast<size_t>(n));
  }
  const size_t ls = Length(s);
  const auto times = static_cast<size_t>(count);
  if (ls != 0 && times > static_cast<size_t>(INT64_MAX) / ls) clef_runtime::Fatal("out of memory");
  clef_string* r = clef_runtime::AllocateString(ls * times);
  for (size_t i = 0; i < times && ls > 0; ++i) std::memcpy(r->data + i * ls, Data(s), ls);
  return r;
}

clef_string* clef_string_of_int32(int32_t value) { return clef_string_of_int64(value); }

clef_string* clef_string_of_int64(int64_t value) {
  char text[24];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  return clef_runtime::MakeString(text, static_cast<size_t>(result.ptr - text));
}

clef_string* clef_string_of_float(double value) {
  char text[clef_runtime::kDoubleTextBytes];
  const size_t n = clef_runtime::FormatDouble(value, 'R', 0, text);
  return clef_runtime::MakeString(text, n);
}

clef_string* clef_string_of_bool(bool value) {
  return value ? clef_runtime::MakeString("True", 4) : clef_runtime::MakeString("False", 5);
}

clef_string* clef_string_of_char(int32_t value) {
  char text[4];
  return clef_runtime::MakeString(text, clef_runtime::EncodeUtf8(value, text));
}

int32_t clef_int32_of_string(const clef_string* s) {
  return static_cast<int32_t>(clef_runtime::IntegerOfString(s, /*is64=*/false));
}

int64_t clef_int64_of_string(const clef_string* s) {
  return clef_runtime::IntegerOfString(s, /*is64=*/true);
}

double clef_float_of_string(const clef_string* s) {
  clef_runtime::Scratch scratch;
  double value = 0;
  clef_runtime::ParseError error;
  const bool ok =
      clef_runtime::ParseFloat(s, clef_runtime::ScratchFor(&scratch, Length(s)), &value, &error);
  clef_runtime::FreeScratch(&scratch);
  if (!ok) clef_raise(clef_exn_new(error.kind, error.message));
  return value;
}

void* clef_runtime_args(void) {
  const int64_t count = clef_runtime::g_argc > 1 ? clef_runtime::g_argc - 1 : 0;
  auto* array = static_cast<int64_t*>(clef_alloc(8 * (count + 1), 8));
  array[0] = count;
  auto** elements = reinterpret_cast<clef_string**>(array + 1);
  for (int64_t i = 0; i < count; ++i) {
    const char* arg = clef_runtime::g_argv[i + 1];
    elements[i] = clef_string_new(arg, static_cast<int64_t>(std::strlen(arg)));
  }
  return array;
}

}  // extern "C"
