// event_queue.h: the engine's pending-event queue, a min-heap on (time, seq).
//
// Simulation keeps its events here (simulation.h). Every event has a distinct sequence number, so
// (time, seq) is a total order and the order events come out in does not depend on how the heap is
// laid out: swapping the heap for another one cannot change a run. It is a 4-ary heap (shallower
// than a binary heap, and a node's four children share a cache line or two) with hole-based
// sifting (one move per level instead of a swap). bench/ measures it (`breachdrill-bench timers`).
//
// E needs fields `time` and `seq` (ordered by time, then seq).
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace bd {

template <typename E>
class EventQueue {
public:
    bool empty() const { return heap_.empty(); }
    size_t size() const { return heap_.size(); }
    const E& top() const { return heap_.front(); }
    void reserve(size_t n) { heap_.reserve(n); }

    void push(const E& e)
    {
        heap_.push_back(e);
        SiftUp(heap_.size() - 1);
    }

    void pop()
    {
        E last = std::move(heap_.back());
        heap_.pop_back();
        if (!heap_.empty()) SiftDown(std::move(last));
    }

    // The events in heap order (not sorted): for inspection only.
    const std::vector<E>& Raw() const { return heap_; }

private:
    static constexpr size_t kArity = 4;
    // (time, seq) as one 128-bit number: one compare, no branch on ties.
    __extension__ typedef unsigned __int128 Key;
    static Key KeyOf(const E& e) { return (Key)((uint64_t)e.time ^ (uint64_t)1 << 63) << 64 | (Key)(uint64_t)e.seq; }

    void SiftUp(size_t i)
    {
        E e = std::move(heap_[i]);
        const Key k = KeyOf(e);
        while (i > 0) {
            const size_t parent = (i - 1) / kArity;
            if (!(k < KeyOf(heap_[parent]))) break;
            heap_[i] = std::move(heap_[parent]);
            i = parent;
        }
        heap_[i] = std::move(e);
    }

    // Places `e` (the former last element) starting from the root's hole.
    void SiftDown(E e)
    {
        const size_t n = heap_.size();
        const Key k = KeyOf(e);
        size_t i = 0;
        for (;;) {
            const size_t first = i * kArity + 1;
            if (first >= n) break;
            const size_t end = first + kArity < n ? first + kArity : n;
            // The smallest child, chosen without branches (they would be unpredictable).
            size_t best = first;
            Key bk = KeyOf(heap_[first]);
            for (size_t c = first + 1; c < end; ++c) {
                const Key ck = KeyOf(heap_[c]);
                const bool lt = ck < bk;
                best = lt ? c : best;
                bk = lt ? ck : bk;
            }
            if (!(bk < k)) break;
            heap_[i] = std::move(heap_[best]);
            i = best;
        }
        heap_[i] = std::move(e);
    }

    std::vector<E> heap_;
};

} // namespace bd
