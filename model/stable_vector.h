// StableVector<T>: the model's container of instrumented objects, in place of std::deque.
//
// The model keeps its primitives (which cannot move: the engine knows them by identity, other
// objects point at them) in containers that only grow at the back. std::deque keeps them in
// place, but every execution rebuilds the model, and an empty deque already allocates a map and
// a node, a small one allocates a node per few primitives, and indexing it divides. Here element
// i lives in chunk k of capacity kBase << k, so a container costs nothing until its first
// element, log2(n) allocations for n elements (one, when the size is known up front: reserve),
// and an index is a bit scan and a subtraction. Elements are never moved or copied; they are
// destroyed in order, first to last, as std::deque does.
#pragma once

#include <bit>
#include <cstddef>
#include <iterator>
#include <new>
#include <type_traits>
#include <stdexcept>
#include <utility>

namespace swapmodel {

template <class T>
class StableVector {
  static constexpr unsigned kBaseLog = 3;
  static constexpr std::size_t kBase = std::size_t{1} << kBaseLog;
  static constexpr unsigned kChunks = 32;

 public:
  template <bool Const>
  class Iter {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<Const, const T*, T*>;
    using reference = std::conditional_t<Const, const T&, T&>;
    using Owner = std::conditional_t<Const, const StableVector, StableVector>;

    Iter() = default;
    Iter(Owner* v, std::size_t i) : v_(v), i_(i) {}
    operator Iter<true>() const { return Iter<true>(v_, i_); }
    reference operator*() const { return (*v_)[i_]; }
    pointer operator->() const { return &(*v_)[i_]; }
    reference operator[](difference_type n) const { return (*v_)[i_ + static_cast<std::size_t>(n)]; }
    Iter& operator++() { ++i_; return *this; }
    Iter operator++(int) { Iter t = *this; ++i_; return t; }
    Iter& operator--() { --i_; return *this; }
    Iter operator--(int) { Iter t = *this; --i_; return t; }
    Iter& operator+=(difference_type n) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n); return *this; }
    Iter& operator-=(difference_type n) { return *this += -n; }
    friend Iter operator+(Iter a, difference_type n) { return a += n; }
    friend Iter operator+(difference_type n, Iter a) { return a += n; }
    friend Iter operator-(Iter a, difference_type n) { return a -= n; }
    friend difference_type operator-(const Iter& a, const Iter& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const Iter& a, const Iter& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const Iter& a, const Iter& b) { return a.i_ <=> b.i_; }

   private:
    Owner* v_ = nullptr;
    std::size_t i_ = 0;
  };
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;
  using value_type = T;
  using size_type = std::size_t;
  using reference = T&;
  using const_reference = const T&;

  StableVector() = default;
  StableVector(const StableVector&) = delete;
  StableVector& operator=(const StableVector&) = delete;
  ~StableVector() {
    for (std::size_t i = 0; i < size_; ++i) (*this)[i].~T();
    if (reserved_ > 0) deallocate(chunk_[0]);  // the reserved chunks share one allocation
    for (unsigned k = reserved_; k < chunks_; ++k) deallocate(chunk_[k]);
  }

  // Room for n elements in one allocation (only before the first element).
  void reserve(std::size_t n) {
    if (size_ != 0 || chunks_ != 0 || n <= kBase) return;
    const unsigned last = chunk_of(n - 1);
    T* p = allocate(capacity_through(last));
    for (unsigned k = 0; k <= last; ++k) {
      chunk_[k] = p;
      p += kBase << k;
    }
    chunks_ = reserved_ = last + 1;
  }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    const unsigned k = chunk_of(size_);
    if (k >= chunks_) {
      if (k >= kChunks) throw std::length_error("StableVector: too many elements");
      chunk_[k] = allocate(kBase << k);
      chunks_ = k + 1;
    }
    T* at = slot(size_);
    ::new (static_cast<void*>(at)) T(std::forward<Args>(args)...);
    ++size_;
    return *at;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return *slot(i); }
  const T& operator[](std::size_t i) const { return *slot(i); }
  T& at(std::size_t i) {
    if (i >= size_) throw std::out_of_range("StableVector::at");
    return *slot(i);
  }
  const T& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("StableVector::at");
    return *slot(i);
  }
  T& front() { return *slot(0); }
  const T& front() const { return *slot(0); }
  T& back() { return *slot(size_ - 1); }
  const T& back() const { return *slot(size_ - 1); }

  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, size_); }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }

 private:
  // Chunk k holds indices [kBase * (2^k - 1), kBase * (2^(k+1) - 1)).
  static unsigned chunk_of(std::size_t i) { return static_cast<unsigned>(std::bit_width(i + kBase)) - 1 - kBaseLog; }
  static std::size_t capacity_through(unsigned k) { return kBase * ((std::size_t{2} << k) - 1); }
  static T* allocate(std::size_t n) {
    if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignof(T)}));
    else
      return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  static void deallocate(T* p) {
    if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      ::operator delete(p, std::align_val_t{alignof(T)});
    else
      ::operator delete(p);
  }
  T* slot(std::size_t i) const {
    const std::size_t j = i + kBase;
    const unsigned top = static_cast<unsigned>(std::bit_width(j)) - 1;
    return chunk_[top - kBaseLog] + (j - (std::size_t{1} << top));
  }

  // Only the first chunks_ are set: left uninitialised, an empty container costs three stores.
  T* chunk_[kChunks];
  unsigned chunks_ = 0;
  unsigned reserved_ = 0;  // chunks allocated together by reserve()
  std::size_t size_ = 0;
};

}  // namespace swapmodel
