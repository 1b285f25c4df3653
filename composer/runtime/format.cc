// F#'s printf family: the clef_fmt builder, each conversion as FSharp.Core's printf.fs does it
// (padding, '+'/' ' prefixes and zero padding by its rules, numbers by .NET's formats), and
// .NET's double formatting (FormatDouble) that `string x` shares.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "composer/runtime/clef_runtime.h"
#include "composer/runtime/runtime_internal.h"

// The builder: malloc'd, as it is finished by clef_fmt_* before the program continues (a builder
// abandoned by an exception raised while its arguments are computed is lost).
struct clef_fmt {
  char* data;
  size_t size;
  size_t capacity;
  char inline_data[240];
};

namespace clef_runtime {
namespace {

// Builders a thread has finished with are reused: printing in a loop then allocates nothing.
constexpr size_t kKeptCapacity = size_t{1} << 16;

void Destroy(clef_fmt* f) {
  if (f->data != f->inline_data) std::free(f->data);
  std::free(f);
}

struct SpareBuilder {
  clef_fmt* builder = nullptr;
  ~SpareBuilder() {
    if (builder != nullptr) Destroy(builder);
  }
};
thread_local SpareBuilder t_spare;

clef_fmt* NewBuilder() {
  clef_fmt* f = t_spare.builder;
  if (f != nullptr) {
    t_spare.builder = nullptr;
  } else {
    f = static_cast<clef_fmt*>(std::malloc(sizeof(clef_fmt)));
    if (f == nullptr) Fatal("out of memory");
    f->data = f->inline_data;
    f->capacity = sizeof(f->inline_data);
  }
  f->size = 0;
  return f;
}

void Finish(clef_fmt* f) {
  if (t_spare.builder != nullptr || f->capacity > kKeptCapacity) {
    Destroy(f);
  } else {
    t_spare.builder = f;
  }
}

void Reserve(clef_fmt* f, size_t more) {
  if (f->capacity - f->size >= more) return;
  size_t capacity = f->capacity * 2;
  while (capacity - f->size < more) capacity *= 2;
  char* data = static_cast<char*>(std::malloc(capacity));
  if (data == nullptr) Fatal("out of memory");
  std::memcpy(data, f->data, f->size);
  if (f->data != f->inline_data) std::free(f->data);
  f->data = data;
  f->capacity = capacity;
}

void Append(clef_fmt* f, const char* bytes, size_t length) {
  if (length == 0) return;
  Reserve(f, length);
  std::memcpy(f->data + f->size, bytes, length);
  f->size += length;
}

void AppendFill(clef_fmt* f, char c, size_t count) {
  Reserve(f, count);
  std::memset(f->data + f->size, c, count);
  f->size += count;
}

void AppendCString(clef_fmt* f, const char* text) { Append(f, text, std::strlen(text)); }

size_t PadCount(const char* text, size_t length, int32_t width) {
  if (width <= 0) return 0;
  const size_t units = Utf16Units(text, length);
  return units >= static_cast<size_t>(width) ? 0 : static_cast<size_t>(width) - units;
}

// printf.fs's Basic.withPadding (%s %b %c %O): spaces only, on the right with '-'.
void AppendBasic(clef_fmt* f, const char* text, size_t length, int32_t flags, int32_t width) {
  const size_t pad = PadCount(text, length, width);
  if ((flags & CLEF_FMT_LEFT) == 0) AppendFill(f, ' ', pad);
  Append(f, text, length);
  if ((flags & CLEF_FMT_LEFT) != 0) AppendFill(f, ' ', pad);
}

// String.Format's alignment: right-justified in `align` chars, left-justified when negative.
void AppendAligned(clef_fmt* f, const char* text, size_t length, int32_t align) {
  const bool left = align < 0;
  const size_t pad = PadCount(text, length, left ? -align : align);
  if (!left) AppendFill(f, ' ', pad);
  Append(f, text, length);
  if (left) AppendFill(f, ' ', pad);
}

// printf.fs's GenericNumber justification. `text` is the number as .NET formats it; `positive` is
// F#'s `x >= 0` (true for -0.0, so "%+f" of -0.0 is "+-0.000000", as F# prints it); NaN and the
// infinities are not numbers and get neither prefix nor zeros. Integers left-justified never pad
// with zeros (`allow_zero`); %g left-justified pads an integral value with spaces
// (`g_integral`).
void AppendNumber(clef_fmt* f, const char* text, size_t length, bool is_number, bool positive,
                  int32_t flags, int32_t width, bool allow_zero, bool g_integral) {
  const char* prefix = (flags & CLEF_FMT_PLUS) != 0    ? "+"
                       : (flags & CLEF_FMT_SPACE) != 0 ? " "
                                                       : "";
  const size_t prefix_length = std::strlen(prefix);
  const bool with_prefix = is_number && positive;
  const bool left = (flags & CLEF_FMT_LEFT) != 0;
  const char pad_char = allow_zero && (flags & CLEF_FMT_ZERO) != 0 ? '0' : ' ';
  const size_t shown = length + (with_prefix ? prefix_length : 0);
  const size_t pad = width > 0 && static_cast<size_t>(width) > shown ? width - shown : 0;
  if (width < 0) {
    if (with_prefix) Append(f, prefix, prefix_length);
    Append(f, text, length);
  } else if (left) {
    if (with_prefix) Append(f, prefix, prefix_length);
    Append(f, text, length);
    AppendFill(f, is_number && !g_integral ? pad_char : ' ', pad);
  } else if (pad_char == '0' && is_number) {
    if (with_prefix) {
      Append(f, prefix, prefix_length);
      AppendFill(f, '0', pad);
      Append(f, text, length);
    } else if (length > 0 && text[0] == '-') {
      Append(f, "-", 1);
      AppendFill(f, '0', pad);
      Append(f, text + 1, length - 1);
    } else {
      AppendFill(f, '0', pad);
      Append(f, text, length);
    }
  } else {
    AppendFill(f, ' ', pad);
    if (with_prefix) Append(f, prefix, prefix_length);
    Append(f, text, length);
  }
}

[[noreturn]] void BadConversion(const char* type, int32_t conv) {
  char message[96];
  std::snprintf(message, sizeof(message), "clef_fmt: %%%c does not format a value of type %s",
                conv > 32 && conv < 127 ? static_cast<char>(conv) : '?', type);
  Fatal(message);
}

size_t UnsignedText(uint64_t value, unsigned base, bool upper, char* out) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char reversed[64];
  size_t n = 0;
  do {
    reversed[n++] = digits[value % base];
    value /= base;
  } while (value != 0);
  for (size_t i = 0; i < n; ++i) out[i] = reversed[n - 1 - i];
  return n;
}

// `value` is the integer, `bits` its two's-complement pattern at the type's width (what %u, %x
// and %o print), `a_suffix` what %A puts after it ("L" for int64, "uy" for byte).
void FormatInteger(clef_fmt* f, const char* type, int64_t value, uint64_t bits,
                   const char* a_suffix, int32_t conv, int32_t flags, int32_t width) {
  char text[72];
  size_t n;
  bool positive = true;  // printf.fs: %u %x %X %o treat every value as positive
  switch (conv) {
    case 'd':
    case 'i':
      n = static_cast<size_t>(std::to_chars(text, text + sizeof(text), value).ptr - text);
      positive = value >= 0;
      break;
    case 'u':
      n = UnsignedText(bits, 10, false, text);
      break;
    case 'x':
    case 'X':
      n = UnsignedText(bits, 16, conv == 'X', text);
      break;
    case 'o':
      n = UnsignedText(bits, 8, false, text);
      break;
    case 'B':
      n = UnsignedText(bits, 2, false, text);
      break;
    case 'A': {
      // %A ignores width and flags for primitive values (the width is the layout's line width).
      n = static_cast<size_t>(std::to_chars(text, text + sizeof(text), value).ptr - text);
      Append(f, text, n);
      AppendCString(f, a_suffix);
      return;
    }
    case 'O':
      n = static_cast<size_t>(std::to_chars(text, text + sizeof(text), value).ptr - text);
      AppendBasic(f, text, n, flags, width);
      return;
    default:
      BadConversion(type, conv);
  }
  AppendNumber(f, text, n, /*is_number=*/true, positive, flags, width,
               /*allow_zero=*/(flags & CLEF_FMT_LEFT) == 0, /*g_integral=*/false);
}

size_t CopyText(const char* text, char* out) {
  const size_t n = std::strlen(text);
  std::memcpy(out, text, n);
  return n;
}

// Appends a decimal exponent: a sign, then at least `min_digits` digits.
size_t ExponentText(int exponent, int min_digits, char* out) {
  size_t n = 0;
  out[n++] = exponent < 0 ? '-' : '+';
  const unsigned magnitude = exponent < 0 ? static_cast<unsigned>(-exponent) : exponent;
  char digits[8];
  const size_t count = UnsignedText(magnitude, 10, false, digits);
  for (size_t i = count; i < static_cast<size_t>(min_digits); ++i) out[n++] = '0';
  std::memcpy(out + n, digits, count);
  return n + count;
}

// .NET's "G" layout of a decimal number: `digits` significant digits d.ddd times 10^exponent,
// trailing zeros already dropped; scientific when the exponent reaches `max_digits` or is below
// -4 (Number.Formatting's FormatGeneral).
size_t GeneralText(bool negative, const char* digits, size_t count, int exponent, int max_digits,
                   char exponent_char, char* out) {
  size_t n = 0;
  if (negative) out[n++] = '-';
  if (exponent >= max_digits || exponent < -4) {
    out[n++] = digits[0];
    if (count > 1) {
      out[n++] = '.';
      std::memcpy(out + n, digits + 1, count - 1);
      n += count - 1;
    }
    out[n++] = exponent_char;
    return n + ExponentText(exponent, 2, out + n);
  }
  if (exponent < 0) {
    out[n++] = '0';
    out[n++] = '.';
    for (int i = -1; i > exponent; --i) out[n++] = '0';
    std::memcpy(out + n, digits, count);
    return n + count;
  }
  const auto integral = static_cast<size_t>(exponent) + 1;
  for (size_t i = 0; i < integral; ++i) out[n++] = i < count ? digits[i] : '0';
  if (count > integral) {
    out[n++] = '.';
    std::memcpy(out + n, digits + integral, count - integral);
    n += count - integral;
  }
  return n;
}

}  // namespace

size_t FormatDouble(double value, char format, int precision, char* out) {
  if (std::isnan(value)) return CopyText("NaN", out);
  if (std::isinf(value)) return CopyText(value < 0 ? "-Infinity" : "Infinity", out);
  if (precision < 0) precision = 0;
  if (format == 'F' || format == 'f') {
    // std::to_chars rounds the exact binary value half to even, as .NET Core 3.0+ does.
    return static_cast<size_t>(
        std::to_chars(out, out + kDoubleTextBytes, value, std::chars_format::fixed, precision).ptr -
        out);
  }
  char text[kDoubleTextBytes];
  const bool general = format != 'E' && format != 'e';
  const bool shortest = general && (format == 'R' || precision == 0);
  std::to_chars_result r;
  if (shortest) {
    r = std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific);
  } else {
    r = std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific,
                      general ? precision - 1 : precision);
  }
  // text is [-]d[.ddd]e(+|-)dd[d].
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  char digits[kDoubleTextBytes];
  size_t count = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[count++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + (p[1] == '+' ? 2 : 1), r.ptr, exponent);
  if (!general) {
    size_t n = 0;
    if (negative) out[n++] = '-';
    out[n++] = digits[0];
    if (count > 1) {
      out[n++] = '.';
      std::memcpy(out + n, digits + 1, count - 1);
      n += count - 1;
    }
    out[n++] = format;
    return n + ExponentText(exponent, 3, out + n);
  }
  while (count > 1 && digits[count - 1] == '0') --count;
  // The shortest round-trip text switches to scientific at 10^17 (.NET's DoubleRoundTripDigits
  // bound, so that 1e16 prints as 10000000000000000).
  const int max_digits = shortest ? 17 : precision;
  return GeneralText(negative, digits, count, exponent, max_digits, format == 'g' ? 'e' : 'E', out);
}

// %A of a float: FSharp.Core's Display prints ToString("g10") and adds ".0" to what would read
// as an integer.
size_t FloatTextForA(double value, char* out) {
  if (std::isnan(value)) return CopyText("nan", out);
  if (std::isinf(value)) return CopyText(value < 0 ? "-infinity" : "infinity", out);
  size_t n = FormatDouble(value, 'g', 10, out);
  bool integral = true;
  for (size_t i = 0; i < n; ++i) {
    if (!(out[i] == '-' || (out[i] >= '0' && out[i] <= '9'))) integral = false;
  }
  if (integral) {
    out[n++] = '.';
    out[n++] = '0';
  }
  return n;
}

// %A of a char: FSharp.Core's formatChar: quoted, with '\'' '\\' '\b' escaped and other control
// characters as a three-digit decimal escape ('\n' is '\010').
size_t CharTextForA(int32_t value, char* out) {
  size_t n = 0;
  out[n++] = '\'';
  if (value == '\'' || value == '\\') {
    out[n++] = '\\';
    out[n++] = static_cast<char>(value);
  } else if (value == '\b') {
    out[n++] = '\\';
    out[n++] = 'b';
  } else if ((value >= 0 && value < 0x20) || (value >= 0x7F && value < 0xA0)) {
    out[n++] = '\\';
    out[n++] = static_cast<char>('0' + value / 100);
    out[n++] = static_cast<char>('0' + value / 10 % 10);
    out[n++] = static_cast<char>('0' + value % 10);
  } else {
    n += EncodeUtf8(value, out + n);
  }
  out[n++] = '\'';
  return n;
}

// Widths count .NET chars (UTF-16 code units), as String.PadLeft does: a 4-byte UTF-8 sequence
// is two of them, the other sequences one.
size_t Utf16Units(const char* text, size_t length) {
  size_t units = 0;
  for (size_t i = 0; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) != 0x80) units += b >= 0xF0 ? 2 : 1;
  }
  return units;
}

}  // namespace clef_runtime

namespace {

using clef_runtime::Append;
using clef_runtime::AppendBasic;
using clef_runtime::AppendCString;
using clef_runtime::AppendNumber;
using clef_runtime::BadConversion;
using clef_runtime::FormatDouble;
using clef_runtime::kDoubleTextBytes;

}  // namespace

extern "C" {

clef_fmt* clef_fmt_new(void) { return clef_runtime::NewBuilder(); }

void clef_fmt_literal(clef_fmt* f, const char* bytes, int64_t length) {
  if (length > 0) Append(f, bytes, static_cast<size_t>(length));
}

void clef_fmt_int32(clef_fmt* f, int32_t value, int32_t conv, int32_t flags, int32_t width,
                    int32_t precision) {
  (void)precision;  // F# ignores a precision on integers
  clef_runtime::FormatInteger(f, "int", value, static_cast<uint32_t>(value), "", conv, flags,
                              width);
}

void clef_fmt_int64(clef_fmt* f, int64_t value, int32_t conv, int32_t flags, int32_t width,
                    int32_t precision) {
  (void)precision;
  clef_runtime::FormatInteger(f, "int64", value, static_cast<uint64_t>(value), "L", conv, flags,
                              width);
}

void clef_fmt_uint8(clef_fmt* f, uint8_t value, int32_t conv, int32_t flags, int32_t width,
                    int32_t precision) {
  (void)precision;
  clef_runtime::FormatInteger(f, "byte", value, value, "uy", conv, flags, width);
}

void clef_fmt_float(clef_fmt* f, double value, int32_t conv, int32_t flags, int32_t width,
                    int32_t precision) {
  char text[kDoubleTextBytes];
  switch (conv) {
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      // printf.fs: precision 6 unless given, at most 99; the .NET format is the conversion letter
      // and the precision ("f6" is "F6").
      const int digits = precision < 0 ? 6 : precision > 99 ? 99 : precision;
      const size_t n = FormatDouble(value, static_cast<char>(conv), digits, text);
      const bool is_number = std::isfinite(value);
      const bool is_g = conv == 'g' || conv == 'G';
      AppendNumber(f, text, n, is_number, value >= 0.0, flags, width, /*allow_zero=*/true,
                   /*g_integral=*/is_g && is_number && std::fmod(value, 1.0) == 0.0);
      return;
    }
    case 'A':
      Append(f, text, clef_runtime::FloatTextForA(value, text));
      return;
    case 'O':
      AppendBasic(f, text, FormatDouble(value, 'R', 0, text), flags, width);
      return;
    default:
      BadConversion("float", conv);
  }
}

void clef_fmt_bool(clef_fmt* f, bool value, int32_t conv, int32_t flags, int32_t width,
                   int32_t precision) {
  (void)precision;
  switch (conv) {
    case 'b':
      AppendBasic(f, value ? "true" : "false", value ? 4 : 5, flags, width);
      return;
    case 'A':
      AppendCString(f, value ? "true" : "false");
      return;
    case 'O':
      AppendBasic(f, value ? "True" : "False", value ? 4 : 5, flags, width);
      return;
    default:
      BadConversion("bool", conv);
  }
}

void clef_fmt_char(clef_fmt* f, int32_t value, int32_t conv, int32_t flags, int32_t width,
                   int32_t precision) {
  (void)precision;
  char text[8];  // CharTextForA: quotes around an escape or a UTF-8 sequence
  switch (conv) {
    case 'c':
    case 'O':
      AppendBasic(f, text, clef_runtime::EncodeUtf8(value, text), flags, width);
      return;
    case 'A':
      Append(f, text, clef_runtime::CharTextForA(value, text));
      return;
    default:
      BadConversion("char", conv);
  }
}

void clef_fmt_string(clef_fmt* f, const clef_string* value, int32_t conv, int32_t flags,
                     int32_t width, int32_t precision) {
  (void)precision;  // F# ignores a precision on strings
  switch (conv) {
    case 's':
      AppendBasic(f, clef_runtime::Data(value), clef_runtime::Length(value), flags, width);
      return;
    case 'A':
      // Quoted, nothing escaped: F# prints "a\"b" as "a"b".
      if (value == nullptr) {
        AppendCString(f, "<null>");
        return;
      }
      Append(f, "\"", 1);
      Append(f, value->data, static_cast<size_t>(value->length));
      Append(f, "\"", 1);
      return;
    case 'O':
      if (value == nullptr) {
        AppendBasic(f, "<null>", 6, flags, width);
      } else {
        AppendBasic(f, value->data, static_cast<size_t>(value->length), flags, width);
      }
      return;
    default:
      BadConversion("string", conv);
  }
}

void clef_fmt_unit(clef_fmt* f, int32_t conv, int32_t flags, int32_t width, int32_t precision) {
  (void)precision;
  switch (conv) {
    case 'A':
      Append(f, "()", 2);
      return;
    case 'O':
      // () is null to .NET, and %O prints null as "<null>".
      AppendBasic(f, "<null>", 6, flags, width);
      return;
    default:
      BadConversion("unit", conv);
  }
}

void clef_fmt_integer(clef_fmt* f, int64_t value, uint64_t bits, int32_t type, int32_t conv, int32_t flags,
                      int32_t width) {
  struct Info {
    const char* name;
    const char* suffix;
  };
  static const Info kInfo[] = {{"int", ""},          {"int64", "L"},      {"byte", "uy"}, {"sbyte", "y"},
                               {"int16", "s"},       {"uint16", "us"},    {"uint32", "u"}, {"uint64", "UL"},
                               {"nativeint", "n"},   {"unativeint", "un"}};
  const Info& info = kInfo[type >= 0 && type <= CLEF_INT_UNATIVEINT ? type : 0];
  // A uint64 at or above 2^63 is negative as an int64: print its bits as the decimal number.
  if (type == CLEF_INT_UINT64 && value < 0 && (conv == 'd' || conv == 'i' || conv == 'A' || conv == 'O')) {
    char text[32];
    const size_t n = clef_runtime::UnsignedText(bits, 10, false, text);
    if (conv == 'A') {
      Append(f, text, n);
      AppendCString(f, info.suffix);
    } else if (conv == 'O') {
      AppendBasic(f, text, n, flags, width);
    } else {
      AppendNumber(f, text, n, true, true, flags, width, /*allow_zero=*/true, /*g_integral=*/false);
    }
    return;
  }
  clef_runtime::FormatInteger(f, info.name, value, bits, info.suffix, conv, flags, width);
}

void clef_fmt_net_int(clef_fmt* f, int64_t value, uint64_t bits, int32_t format, int32_t precision,
                      int32_t align) {
  char text[kDoubleTextBytes + 64];
  size_t n = 0;
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  char digits[32];
  switch (format) {
    case 'D':
    case 'd': {
      const size_t count = clef_runtime::UnsignedText(magnitude, 10, false, digits);
      if (negative) text[n++] = '-';
      for (size_t i = count; static_cast<int32_t>(i) < precision; ++i) text[n++] = '0';
      std::memcpy(text + n, digits, count);
      n += count;
      break;
    }
    case 'X':
    case 'x': {
      const size_t count = clef_runtime::UnsignedText(bits, 16, format == 'X', digits);
      for (size_t i = count; static_cast<int32_t>(i) < precision; ++i) text[n++] = '0';
      std::memcpy(text + n, digits, count);
      n += count;
      break;
    }
    case 'G':
    case 'g':
      if (precision <= 0) {
        const size_t count = clef_runtime::UnsignedText(magnitude, 10, false, digits);
        if (negative) text[n++] = '-';
        std::memcpy(text + n, digits, count);
        n += count;
        break;
      }
      [[fallthrough]];
    default:
      // N, F, E, P: as the same number in floating point (exact up to 2^53).
      return clef_fmt_net_float(f, static_cast<double>(value), format, precision, align);
  }
  clef_runtime::AppendAligned(f, text, n, align);
}

void clef_fmt_net_float(clef_fmt* f, double value, int32_t format, int32_t precision,
                        int32_t align) {
  char text[2 * kDoubleTextBytes];
  size_t n = 0;
  const char letter = static_cast<char>(format);
  const bool lower = letter >= 'a' && letter <= 'z';
  const char upper = lower ? static_cast<char>(letter - 'a' + 'A') : letter;
  if (!std::isfinite(value)) {
    n = FormatDouble(value, 'R', 0, text);
  } else if (upper == 'F') {
    n = FormatDouble(value, 'F', precision < 0 ? 2 : precision, text);
  } else if (upper == 'E') {
    n = FormatDouble(value, letter, precision < 0 ? 6 : precision, text);
  } else if (upper == 'G' || upper == 'R') {
    n = FormatDouble(value, upper == 'R' ? 'R' : letter, upper == 'R' || precision < 0 ? 0 : precision, text);
  } else if (upper == 'N' || upper == 'P') {
    // The fixed-point text with its integral digits grouped by three; P is the percentage.
    char fixed[kDoubleTextBytes];
    const size_t count = FormatDouble(upper == 'P' ? value * 100.0 : value, 'F', precision < 0 ? 2 : precision, fixed);
    size_t start = fixed[0] == '-' ? 1 : 0;
    size_t integral = start;
    while (integral < count && fixed[integral] != '.') ++integral;
    if (start == 1) text[n++] = '-';
    for (size_t i = start; i < integral; ++i) {
      text[n++] = fixed[i];
      const size_t left = integral - i - 1;
      if (left > 0 && left % 3 == 0) text[n++] = ',';
    }
    std::memcpy(text + n, fixed + integral, count - integral);
    n += count - integral;
    if (upper == 'P') {
      std::memcpy(text + n, " %", 2);
      n += 2;
    }
  } else {
    // The compiler accepts only the formats above (alex's Printf).
    BadConversion("float", format);
  }
  clef_runtime::AppendAligned(f, text, n, align);
}

void clef_fmt_print(clef_fmt* f, int32_t stream, bool newline) {
  clef_runtime::Write(stream, f->data, f->size, newline);
  clef_runtime::Finish(f);
}

clef_string* clef_fmt_to_string(clef_fmt* f) {
  clef_string* s = clef_runtime::MakeString(f->data, f->size);
  clef_runtime::Finish(f);
  return s;
}

void clef_fmt_failwith(clef_fmt* f) {
  clef_string* message = clef_runtime::MakeString(f->data, f->size);
  clef_runtime::Finish(f);  // before raising: the longjmp skips this frame
  clef_failwith(message);
}

clef_string* clef_read_line(void) {
  // A prompt printed without a newline shows before the program waits (.NET's console flushes
  // every write).
  std::fflush(stdout);
  std::string line;
  int c;
  bool any = false;
  while ((c = std::getchar()) != EOF) {
    any = true;
    if (c == '\n') break;
    line.push_back(static_cast<char>(c));
  }
  if (!any) return nullptr;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return clef_runtime::MakeString(line.data(), line.size());
}

clef_string* clef_read_to_end(void) {
  std::fflush(stdout);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), stdin)) > 0) text.append(buffer, n);
  return clef_runtime::MakeString(text.data(), text.size());
}

void clef_print_string(const clef_string* s, int32_t stream, bool newline) {
  clef_runtime::Write(stream, clef_runtime::Data(s), clef_runtime::Length(s), newline);
}

}  // extern "C"
