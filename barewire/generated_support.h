// Support for C++ generated from BARE schemas (`bare gen --lang=cc`, tools/barewire.bzl).
//
// Every BARE type has a codec: a struct with
//   using Owned = ...;  using View = ...;
//   static bool Read(Reader&, Owned*);  static bool ReadView(Reader&, View*);
//   static bool Write(Writer&, const Owned&);
// The primitives' codecs and the generic ones (optional, list, map, boxes for recursion) live
// here; generated code adds one per struct, union, enum and named type. Views hold
// std::string_view and std::span into the input: reading one copies no bytes and allocates
// nothing (maps of more than KeySet::kInline entries excepted, for duplicate-key checks).
#ifndef FIDELITY_BAREWIRE_GENERATED_SUPPORT_H_
#define FIDELITY_BAREWIRE_GENERATED_SUPPORT_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <variant>
#include <vector>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "barewire/wire.h"

namespace barewire {

// Adds a path segment to a failing read and returns false: `return FailAt(r, ".name");`.
inline bool FailPath(Reader& r, const char* segment) {
  r.AddPathSegment(segment);
  return false;
}
inline bool FailPath(Writer& w, const char* segment) {
  w.AddPathSegment(segment);
  return false;
}

// Renders a map key for error paths: ["name"], [42].
template <typename K>
std::string KeySegment(const K& key) {
  if constexpr (std::is_same_v<K, std::string> || std::is_same_v<K, std::string_view>) {
    return "[\"" + std::string(key) + "\"]";
  } else if constexpr (std::is_same_v<K, bool>) {
    return key ? "[true]" : "[false]";
  } else if constexpr (std::is_enum_v<K>) {
    return "[" + std::to_string(static_cast<std::underlying_type_t<K>>(key)) + "]";
  } else {
    return "[" + std::to_string(key) + "]";
  }
}

// --- Owned recursion: a heap box with value semantics. ---------------------------------------

// Holds a T on the heap so recursive types have finite size. Copies deep-copy. An empty box
// reads as a default T (a default value must not allocate its whole recursion).
template <typename T>
class Box {
 public:
  Box() = default;
  Box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit like optional
  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;

  const T& operator*() const { return ptr_ ? *ptr_ : Empty(); }
  const T* operator->() const { return &**this; }
  T& Mutable() {
    if (!ptr_) ptr_ = std::make_unique<T>();
    return *ptr_;
  }
  friend bool operator==(const Box& a, const Box& b) { return *a == *b; }

 private:
  static const T& Empty() {
    static const T* empty = new T();
    return *empty;
  }
  std::unique_ptr<T> ptr_;
};

// --- Lazy views over validated bytes. ---------------------------------------------------------

// Re-reads a value that was validated when the enclosing view was decoded. Used for the
// elements of lists and maps (no storage needed) and for recursive references.
template <typename Codec>
typename Codec::View ReadValidated(const uint8_t* begin, const uint8_t* end) {
  Reader r = Reader::OverValidated(Bytes(begin, static_cast<size_t>(end - begin)));
  typename Codec::View v{};
  Codec::ReadView(r, &v);
  return v;
}

// A recursive reference inside a view: decodes on Get().
template <typename View, typename Codec>
class LazyView {
 public:
  View Get() const { return ReadValidated<Codec>(begin_, end_); }
  Bytes bytes() const { return Bytes(begin_, static_cast<size_t>(end_ - begin_)); }
  void Assign(const uint8_t* begin, const uint8_t* end) {
    begin_ = begin;
    end_ = end;
  }

 private:
  const uint8_t* begin_ = nullptr;
  const uint8_t* end_ = nullptr;
};

// Walks `count` values laid out back to back in bytes a view decoder has validated, decoding
// each as it is reached (Loader::Load reads one). The iterator of ListView and MapView.
template <typename Value, typename Loader>
class ValidatedIterator {
 public:
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  ValidatedIterator() = default;
  ValidatedIterator(const uint8_t* pos, const uint8_t* end, size_t left) : pos_(pos), end_(end), left_(left) {
    Load();
  }
  const Value& operator*() const { return current_; }
  const Value* operator->() const { return &current_; }
  ValidatedIterator& operator++() {
    pos_ = next_;
    --left_;
    Load();
    return *this;
  }
  ValidatedIterator operator++(int) {
    ValidatedIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const ValidatedIterator& other) const { return left_ == other.left_; }

 private:
  void Load() {
    if (left_ == 0) return;
    Reader r = Reader::OverValidated(Bytes(pos_, static_cast<size_t>(end_ - pos_)));
    Loader::Load(r, &current_);
    next_ = r.position();
  }
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  const uint8_t* next_ = nullptr;
  size_t left_ = 0;
  Value current_{};
};

// The validated bytes of a list's or map's elements and their count: what ListView and
// MapView hold, and how they iterate.
template <typename Value, typename Loader>
class ValidatedRange {
 public:
  using iterator = ValidatedIterator<Value, Loader>;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  iterator begin() const { return iterator(begin_, end_, size_); }
  iterator end() const { return iterator(); }
  Bytes bytes() const { return Bytes(begin_, static_cast<size_t>(end_ - begin_)); }
  void Assign(const uint8_t* begin, const uint8_t* end, size_t size) {
    begin_ = begin;
    end_ = end;
    size_ = size;
  }

 private:
  const uint8_t* begin_ = nullptr;
  const uint8_t* end_ = nullptr;
  size_t size_ = 0;
};

template <typename View, typename Codec>
struct ListLoader {
  static void Load(Reader& r, View* v) { Codec::ReadView(r, v); }
};

// A variable-length list inside a view: size() and iteration, elements decoded as visited.
template <typename View, typename Codec>
class ListView : public ValidatedRange<View, ListLoader<View, Codec>> {
 public:
  // The i-th element, found by walking from the start (O(i)).
  View at(size_t i) const {
    auto it = this->begin();
    for (; i > 0; --i) ++it;
    return *it;
  }
};

// Duplicate-key detection for map views by key bytes (key encodings are canonical): a fixed
// inline table, then a hash set for large maps.
class KeySet {
 public:
  static constexpr size_t kInline = 32;
  bool Insert(std::string_view key) {
    if (overflow_) return overflow_->insert(key).second;
    for (size_t i = 0; i < count_; ++i) {
      if (inline_[i] == key) return false;
    }
    if (count_ < kInline) {
      inline_[count_++] = key;
      return true;
    }
    overflow_ = std::make_unique<std::unordered_set<std::string_view>>(inline_.begin(), inline_.end());
    return overflow_->insert(key).second;
  }

 private:
  std::array<std::string_view, kInline> inline_;
  size_t count_ = 0;
  std::unique_ptr<std::unordered_set<std::string_view>> overflow_;
};

template <typename KeyView, typename ValueView, typename KeyCodec, typename ValueCodec>
struct MapLoader {
  static void Load(Reader& r, std::pair<KeyView, ValueView>* e) {
    KeyCodec::ReadView(r, &e->first);
    ValueCodec::ReadView(r, &e->second);
  }
};

// A map inside a view: size(), iteration over (key, value) views, and linear Find.
template <typename KeyView, typename ValueView, typename KeyCodec, typename ValueCodec>
class MapView : public ValidatedRange<std::pair<KeyView, ValueView>,
                                      MapLoader<KeyView, ValueView, KeyCodec, ValueCodec>> {
 public:
  using Entry = std::pair<KeyView, ValueView>;
  std::optional<ValueView> Find(const KeyView& key) const {
    for (const Entry& e : *this) {
      if (e.first == key) return e.second;
    }
    return std::nullopt;
  }
};

namespace codec {

// --- Primitives. -------------------------------------------------------------------------------

// A scalar read and written by one Reader and one Writer member each.
template <typename T, bool (Reader::*kRead)(T*), void (Writer::*kWrite)(T)>
struct Scalar {
  using Owned = T;
  using View = T;
  static bool Read(Reader& r, T* out) { return (r.*kRead)(out); }
  static bool ReadView(Reader& r, T* out) { return (r.*kRead)(out); }
  static bool Write(Writer& w, T v) {
    (w.*kWrite)(v);
    return true;
  }
};
template <typename T>
using Fixed = Scalar<T, &Reader::Fixed<T>, &Writer::Fixed<T>>;
using U8 = Fixed<uint8_t>;
using U16 = Fixed<uint16_t>;
using U32 = Fixed<uint32_t>;
using U64 = Fixed<uint64_t>;
using I8 = Fixed<int8_t>;
using I16 = Fixed<int16_t>;
using I32 = Fixed<int32_t>;
using I64 = Fixed<int64_t>;
using F32 = Fixed<float>;
using F64 = Fixed<double>;
using Uint = Scalar<uint64_t, &Reader::Uint, &Writer::Uint>;
using Int = Scalar<int64_t, &Reader::Int, &Writer::Int>;
using Bool = Scalar<bool, &Reader::Bool, &Writer::Bool>;
struct Str {
  using Owned = std::string;
  using View = std::string_view;
  static bool Read(Reader& r, std::string* out) {
    std::string_view s;
    if (ABSL_PREDICT_FALSE(!r.Str(&s))) return false;
    out->clear();  // then append: cheaper than assign, which must allow for aliasing
    out->append(s.data(), s.size());
    return true;
  }
  static bool ReadView(Reader& r, std::string_view* out) { return r.Str(out); }
  static bool Write(Writer& w, const std::string& v) { return w.Str(v); }
};
struct Data {
  using Owned = std::vector<uint8_t>;
  using View = std::span<const uint8_t>;
  static bool Read(Reader& r, std::vector<uint8_t>* out) {
    Bytes b;
    if (ABSL_PREDICT_FALSE(!r.Data(&b))) return false;
    out->assign(b.begin(), b.end());
    return true;
  }
  static bool ReadView(Reader& r, std::span<const uint8_t>* out) { return r.Data(out); }
  static bool Write(Writer& w, const std::vector<uint8_t>& v) {
    w.Data(v);
    return true;
  }
};
// data[N], and list<u8>[N]: a std::array owned, a span of N bytes viewed.
template <size_t N>
struct FixedData {
  using Owned = std::array<uint8_t, N>;
  using View = std::span<const uint8_t>;
  static bool Read(Reader& r, Owned* out) {
    Bytes b;
    if (ABSL_PREDICT_FALSE(!r.Take(N, &b))) return false;
    std::memcpy(out->data(), b.data(), N);
    return true;
  }
  static bool ReadView(Reader& r, View* out) {
    Bytes b;
    if (ABSL_PREDICT_FALSE(!r.Take(N, &b))) return false;
    *out = View(b.data(), N);
    return true;
  }
  static bool Write(Writer& w, const Owned& v) {
    w.Raw(v.data(), N);
    return true;
  }
};
// void, as a union member without a name.
struct Void {
  using Owned = std::monostate;
  using View = std::monostate;
  static bool Read(Reader&, std::monostate*) { return true; }
  static bool ReadView(Reader&, std::monostate*) { return true; }
  static bool Write(Writer&, const std::monostate&) { return true; }
};

// --- Aggregates. -------------------------------------------------------------------------------

template <typename C>
struct Optional {
  using Owned = std::optional<typename C::Owned>;
  using View = std::optional<typename C::View>;
  static bool Read(Reader& r, Owned* out) {
    bool present;
    if (ABSL_PREDICT_FALSE(!r.OptionalTag(&present))) return false;
    if (!present) {
      out->reset();
      return true;
    }
    if (ABSL_PREDICT_FALSE(!r.Enter())) return false;
    if (!out->has_value()) out->emplace();
    if (ABSL_PREDICT_FALSE(!C::Read(r, &**out))) return false;
    r.Leave();
    return true;
  }
  static bool ReadView(Reader& r, View* out) {
    bool present;
    if (ABSL_PREDICT_FALSE(!r.OptionalTag(&present))) return false;
    if (!present) {
      out->reset();
      return true;
    }
    if (ABSL_PREDICT_FALSE(!r.Enter())) return false;
    out->emplace();
    if (ABSL_PREDICT_FALSE(!C::ReadView(r, &**out))) return false;
    r.Leave();
    return true;
  }
  static bool Write(Writer& w, const Owned& v) {
    w.U8(v.has_value() ? 1 : 0);
    return !v.has_value() || C::Write(w, *v);
  }
};

template <typename C>
struct List {
  using Owned = std::vector<typename C::Owned>;
  using View = ListView<typename C::View, C>;
  static bool Read(Reader& r, Owned* out) {
    uint64_t n;
    if (ABSL_PREDICT_FALSE(!r.Length(&n) || !r.Enter())) return false;
    out->resize(static_cast<size_t>(n));
    for (size_t i = 0; i < n; ++i) {
      if (ABSL_PREDICT_FALSE(!C::Read(r, &(*out)[i]))) return Index(r, i);
    }
    r.Leave();
    return true;
  }
  static bool ReadView(Reader& r, View* out) {
    uint64_t n;
    if (ABSL_PREDICT_FALSE(!r.Length(&n) || !r.Enter())) return false;
    const uint8_t* begin = r.position();
    typename C::View scratch{};
    for (size_t i = 0; i < n; ++i) {
      if (ABSL_PREDICT_FALSE(!C::ReadView(r, &scratch))) return Index(r, i);
    }
    out->Assign(begin, r.position(), static_cast<size_t>(n));
    r.Leave();
    return true;
  }
  static bool Write(Writer& w, const Owned& v) {
    w.Uint(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (ABSL_PREDICT_FALSE(!C::Write(w, v[i]))) {
        w.AddPathSegment("[" + std::to_string(i) + "]");
        return false;
      }
    }
    return true;
  }
  static bool Index(Reader& r, size_t i) {
    r.AddPathSegment("[" + std::to_string(i) + "]");
    return false;
  }
};

template <typename C, size_t N>
struct FixedList {
  using Owned = std::array<typename C::Owned, N>;
  using View = std::array<typename C::View, N>;
  static bool Read(Reader& r, Owned* out) {
    if (ABSL_PREDICT_FALSE(!r.Enter())) return false;
    for (size_t i = 0; i < N; ++i) {
      if (ABSL_PREDICT_FALSE(!C::Read(r, &(*out)[i]))) return List<C>::Index(r, i);
    }
    r.Leave();
    return true;
  }
  static bool ReadView(Reader& r, View* out) {
    if (ABSL_PREDICT_FALSE(!r.Enter())) return false;
    for (size_t i = 0; i < N; ++i) {
      if (ABSL_PREDICT_FALSE(!C::ReadView(r, &(*out)[i]))) return List<C>::Index(r, i);
    }
    r.Leave();
    return true;
  }
  static bool Write(Writer& w, const Owned& v) {
    for (size_t i = 0; i < N; ++i) {
      if (ABSL_PREDICT_FALSE(!C::Write(w, v[i]))) {
        w.AddPathSegment("[" + std::to_string(i) + "]");
        return false;
      }
    }
    return true;
  }
};

template <typename K, typename V>
struct Map {
  using Owned = std::map<typename K::Owned, typename V::Owned>;
  using View = MapView<typename K::View, typename V::View, K, V>;
  static bool Read(Reader& r, Owned* out) {
    uint64_t n;
    if (ABSL_PREDICT_FALSE(!r.Length(&n) || !r.Enter())) return false;
    out->clear();
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* at = r.position();
      typename K::Owned key{};
      if (ABSL_PREDICT_FALSE(!K::Read(r, &key))) return KeyIndex(r, i);
      auto [it, inserted] = out->try_emplace(std::move(key));
      if (ABSL_PREDICT_FALSE(!inserted)) {
        r.FailAt(DecodeErrorKind::kDuplicateMapKey, at);
        r.AddPathSegment(KeySegment(it->first));
        return false;
      }
      if (ABSL_PREDICT_FALSE(!V::Read(r, &it->second))) {
        r.AddPathSegment(KeySegment(it->first));
        return false;
      }
    }
    r.Leave();
    return true;
  }
  static bool ReadView(Reader& r, View* out) {
    uint64_t n;
    if (ABSL_PREDICT_FALSE(!r.Length(&n) || !r.Enter())) return false;
    const uint8_t* begin = r.position();
    KeySet seen;
    typename K::View key{};
    typename V::View value{};
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* at = r.position();
      if (ABSL_PREDICT_FALSE(!K::ReadView(r, &key))) return KeyIndex(r, i);
      if (ABSL_PREDICT_FALSE(!seen.Insert(AsChars(Bytes(at, static_cast<size_t>(r.position() - at))))))  {
        r.FailAt(DecodeErrorKind::kDuplicateMapKey, at);
        r.AddPathSegment(KeySegment(key));
        return false;
      }
      if (ABSL_PREDICT_FALSE(!V::ReadView(r, &value))) {
        r.AddPathSegment(KeySegment(key));
        return false;
      }
    }
    out->Assign(begin, r.position(), static_cast<size_t>(n));
    r.Leave();
    return true;
  }
  static bool KeyIndex(Reader& r, size_t i) {
    r.AddPathSegment("{key " + std::to_string(i) + "}");
    return false;
  }
  static bool Write(Writer& w, const Owned& v) {
    w.Uint(v.size());
    for (const auto& [key, value] : v) {
      if (ABSL_PREDICT_FALSE(!K::Write(w, key) || !V::Write(w, value))) {
        w.AddPathSegment(KeySegment(key));
        return false;
      }
    }
    return true;
  }
};

// A reference to a type in the same cycle: boxed when owned, lazy when viewed.
template <typename C, typename T, typename TView>
struct Boxed {
  using Owned = Box<T>;
  using View = LazyView<TView, C>;
  static bool Read(Reader& r, Owned* out) { return C::Read(r, &out->Mutable()); }
  static bool ReadView(Reader& r, View* out) {
    const uint8_t* begin = r.position();
    TView scratch{};
    if (ABSL_PREDICT_FALSE(!C::ReadView(r, &scratch))) return false;
    out->Assign(begin, r.position());
    return true;
  }
  static bool Write(Writer& w, const Owned& v) { return C::Write(w, *v); }
};

}  // namespace codec

// --- Whole messages. ---------------------------------------------------------------------------

template <typename C>
absl::Status EncodeWith(const typename C::Owned& value, Buffer& out, const char* root) {
  size_t start = out.size();
  Writer w(out);
  if (ABSL_PREDICT_TRUE(C::Write(w, value))) return absl::OkStatus();
  out.Truncate(start);
  return w.ToStatus(root);
}

template <typename C>
absl::Status DecodeWith(Bytes in, typename C::Owned* out, const DecodeOptions& options,
                        const char* root) {
  Reader r(in, options);
  if (ABSL_PREDICT_TRUE(C::Read(r, out) && r.Finish())) return absl::OkStatus();
  return r.ToStatus(root);
}

template <typename C>
absl::Status DecodeViewWith(Bytes in, typename C::View* out, const DecodeOptions& options,
                            const char* root) {
  Reader r(in, options);
  if (ABSL_PREDICT_TRUE(C::ReadView(r, out) && r.Finish())) return absl::OkStatus();
  return r.ToStatus(root);
}

}  // namespace barewire

#endif  // FIDELITY_BAREWIRE_GENERATED_SUPPORT_H_
