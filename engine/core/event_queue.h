// event_queue.h: the engine's pending-event queue, ordered by (time, seq).
//
// Simulation keeps its events here (simulation.h). Every event has a distinct sequence number, so
// (time, seq) is a total order and the order events come out in does not depend on how the queue
// is built: swapping one queue for another cannot change a run (tests/engine/core/test_event_queue.cpp pops
// both queues below against each other on random workloads; the golden state hashes hold).
//
// - EventQueue: a timing wheel (one slot per integer second, kWheelSlots of them) for the events
//   due within the window [base, base + kWheelSlots), with a 4-ary heap for the ones due later.
//   An engine's events are mostly near (telemetry every few minutes, alerts a second later, work
//   of minutes), so push and pop are O(1) for them. Within a slot every event has the same time,
//   and the slot is a FIFO: as sequence numbers only grow, that is (time, seq) order.
// - HeapQueue: the 4-ary min-heap (shallower than a binary heap, a node's four children share a
//   cache line or two) with hole-based sifting. EventQueue's far events live in one; bench/ and
//   the tests use it as the reference (`breachdrill-bench timers --queue heap4`).
//
// E needs fields `time` (integer) and `seq` (uint64_t), ordered by time, then seq.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace bd {

template <typename E>
class HeapQueue {
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

// Pops in exactly the order HeapQueue would, for any pushes. Fast when pushes are monotone (no
// event earlier than the last one popped: the engine never schedules into the past) and sequence
// numbers grow with each push (Simulation::Schedule); anything else is still correct, only slower
// (an earlier time rebuilds the window; a smaller seq is inserted in place in its slot).
template <typename E>
class EventQueue {
public:
    static constexpr int kWheelBits = 13;
    static constexpr int64_t kWheelSlots = int64_t(1) << kWheelBits; // 8192 s: 2 h 16 min

    EventQueue() : slots_(kWheelSlots, Slot{kNil, kNil}), bits_(kWheelSlots / 64, 0) {}

    bool empty() const { return near_ == 0 && far_.empty(); }
    size_t size() const { return near_ + far_.size(); }
    // The first event, and its time. Require !empty().
    const E& top() const { return near_ ? nodes_[slots_[SlotOf(min_)].head].e : far_.top(); }
    int64_t top_time() const { return near_ ? min_ : far_.top().time; }
    // !empty() && top_time() <= t, in one test.
    bool due_by(int64_t t) const { return near_ ? min_ <= t : !far_.empty() && far_.top().time <= t; }
    void reserve(size_t n) { nodes_.reserve(n); }

    [[gnu::always_inline]] void push(const E& e)
    {
        if (InWindow(e.time)) [[likely]] Insert(e);
        else PushOutside(e);
    }

    // push(E{args...}) for an event whose seq is larger than that of every event pushed before (the
    // engine's: Simulation::Schedule counts them): built in its node, it goes last in its slot
    // without a comparison. (A temporary written field by field and read back in wider loads stalls
    // on store forwarding: perf annotate of Schedule had most of its samples there. Gone, the
    // lateral benchmark measured no faster: the time moved to the next cache miss.)
    template <typename... Args>
    [[gnu::always_inline]] void emplace_last(Args... args)
    {
        int32_t n = free_;
        if (n == kNil) [[unlikely]] n = NewNode();
        Node& node = nodes_[n];
        node.e = E{args...};
        if (!InWindow(node.e.time)) [[unlikely]] { // as push(): PushOutside takes a copy
            free_ = n; // the node stays free (at the head of the list, or its only node when new)
            const E e = node.e;
            return PushOutside(e);
        }
        free_ = node.next;
        Link<true>(n);
    }

    // Removes the first event. Requires !empty().
    void pop() { (void)take(); }

    // Removes the first event and returns it. Requires !empty().
    [[gnu::always_inline]] E take()
    {
        if (near_ == 0) [[unlikely]] return TakeFar();
        const size_t s = SlotOf(min_);
        Slot& slot = slots_[s];
        const int32_t n = slot.head;
        Node& node = nodes_[n];
        const E e = node.e;
        slot.head = node.next;
        node.next = free_;
        free_ = n;
        --near_;
        if (slot.head == kNil) SlotEmptied(s, e.time);
        else if (e.time != base_) MoveWindow(e.time);
        // The next event's node, while this one is handled: it was written long ago and is seldom
        // still in L1 (the load was a quarter of RunEvents' time in the lateral benchmark, perf).
        if (near_) __builtin_prefetch(&nodes_[slots_[SlotOf(min_)].head]);
        return e;
    }

private:
    static constexpr int32_t kNil = -1;
    struct Node {
        E e;
        int32_t next;
    };
    struct Slot {
        int32_t head, tail; // a FIFO of nodes; tail is meaningless when head is kNil
    };

    static size_t SlotOf(int64_t t) { return (size_t)((uint64_t)t & (uint64_t)(kWheelSlots - 1)); }
    bool InWindow(int64_t t) const { return (uint64_t)t - (uint64_t)base_ < (uint64_t)kWheelSlots; } // t >= base_

    // Appends `e` (time inside the window) to its slot: behind the events of the same time with a
    // smaller seq (all of them, when seqs grow with each push).
    [[gnu::always_inline]] void Insert(const E& e)
    {
        int32_t n = free_;
        if (n == kNil) [[unlikely]] n = NewNode();
        Node& node = nodes_[n];
        free_ = node.next;
        node.e = e;
        Link(n);
    }

    // Puts node n (taken off the free list, its event set, inside the window) into its slot.
    // kLast: its seq is the largest yet (emplace_last).
    template <bool kLast = false>
    [[gnu::always_inline]] void Link(int32_t n)
    {
        Node& node = nodes_[n];
        const E& e = node.e;
        node.next = kNil;
        const size_t s = SlotOf(e.time);
        Slot& slot = slots_[s];
        if (slot.head == kNil) {
            slot.head = slot.tail = n;
            bits_[s >> 6] |= uint64_t(1) << (s & 63);
            if (near_ == 0 || e.time < min_) min_ = e.time; // a non-empty slot's time is not below min_
        } else if (kLast || e.seq > max_seq_) [[likely]] { // the largest seq yet: it goes last
            nodes_[slot.tail].next = n;
            slot.tail = n;
        } else {
            InsertInPlace(slot, n);
        }
        if constexpr (kLast) max_seq_ = e.seq;
        else max_seq_ = e.seq > max_seq_ ? e.seq : max_seq_;
        ++near_;
    }

    // A free node (its next is kNil), made by growing the pool.
    [[gnu::noinline]] int32_t NewNode()
    {
        nodes_.push_back(Node{E{}, kNil});
        return (int32_t)nodes_.size() - 1;
    }

    // Node n into a non-empty slot, by seq (not the engine's way: seqs grow with each push).
    [[gnu::noinline]] void InsertInPlace(Slot& slot, int32_t n)
    {
        const uint64_t seq = nodes_[n].e.seq;
        if (nodes_[slot.tail].e.seq < seq) {
            nodes_[slot.tail].next = n;
            slot.tail = n;
        } else if (seq < nodes_[slot.head].e.seq) {
            nodes_[n].next = slot.head;
            slot.head = n;
        } else {
            int32_t p = slot.head;
            while (nodes_[nodes_[p].next].e.seq < seq) p = nodes_[p].next;
            nodes_[n].next = nodes_[p].next;
            nodes_[p].next = n;
        }
    }

    // A push outside the window: into an empty queue (the window starts at it), before the window
    // (never in the engine: the window restarts there), or after it (the heap).
    [[gnu::noinline]] void PushOutside(const E& e)
    {
        if (empty()) base_ = e.time;
        else if (e.time < base_) Rebase(e.time);
        if (InWindow(e.time)) Insert(e);
        else far_.push(e);
    }

    // The window moves up to t, the time of the event just taken: far events now inside it come
    // in, in (time, seq) order, each into a slot that is empty (its previous time is behind us).
    [[gnu::always_inline]] void MoveWindow(int64_t t)
    {
        base_ = t;
        if (!far_.empty() && InWindow(far_.top().time)) [[unlikely]] MoveFarIn();
        if (near_ && slots_[SlotOf(min_)].head == kNil) min_ = NextTime(min_);
    }

    // The far events now inside the window, in (time, seq) order.
    [[gnu::noinline]] void MoveFarIn()
    {
        while (!far_.empty() && InWindow(far_.top().time)) {
            Insert(far_.top());
            far_.pop();
        }
    }

    // Slot s went empty when the event at time t was taken from it.
    [[gnu::always_inline]] void SlotEmptied(size_t s, int64_t t)
    {
        bits_[s >> 6] &= ~(uint64_t(1) << (s & 63));
        if (t != base_) MoveWindow(t); // finds the next min_ too
        else if (near_) min_ = NextTime(t);
    }

    [[gnu::noinline]] E TakeFar()
    {
        const E e = far_.top();
        far_.pop();
        MoveWindow(e.time);
        return e;
    }

    // The time of the first non-empty slot after time `t` (inside the window; some slot is non-empty).
    [[gnu::always_inline]] int64_t NextTime(int64_t t) const
    {
        const size_t from = SlotOf(t + 1);
        size_t w = from >> 6;
        uint64_t word = bits_[w] & (~uint64_t(0) << (from & 63));
        const size_t words = bits_.size();
        while (word == 0) { // ends: some slot is non-empty (at worst `from`'s own word again, wrapped round)
            w = (w + 1) & (words - 1);
            word = bits_[w];
        }
        const size_t s = (w << 6) + (size_t)__builtin_ctzll(word);
        return t + 1 + (int64_t)((s - from) & (size_t)(kWheelSlots - 1));
    }

    // A push before the window: every near event goes to the heap, the window restarts at `t`.
    void Rebase(int64_t t)
    {
        for (const Slot& slot : slots_)
            for (int32_t n = slot.head; n != kNil; n = nodes_[n].next) far_.push(nodes_[n].e);
        slots_.assign(kWheelSlots, Slot{kNil, kNil});
        bits_.assign(kWheelSlots / 64, 0);
        nodes_.clear();
        free_ = kNil;
        near_ = 0;
        base_ = t;
        while (!far_.empty() && InWindow(far_.top().time)) {
            Insert(far_.top());
            far_.pop();
        }
    }

    std::vector<Node> nodes_;    // the near events' list nodes, and free ones (a list from free_)
    std::vector<Slot> slots_;    // one per second of the window: time t in slot t mod kWheelSlots
    std::vector<uint64_t> bits_; // per slot: non-empty
    HeapQueue<E> far_;           // events at base_ + kWheelSlots or later
    int64_t base_ = 0;           // the window's start: the time of the last event taken
    int64_t min_ = 0;            // the first near event's time (when near_ > 0)
    uint64_t max_seq_ = 0;       // the largest seq put in the wheel so far
    int32_t free_ = kNil;
    size_t near_ = 0;            // events in the wheel
};

} // namespace bd
