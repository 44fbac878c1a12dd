// policy.h: a Lua policy playing a networked seat from the client (`breachdrill client --policy
// FILE`). The same file that plays a seat in `breachdrill run --secops-policy FILE` (docs/lua-api.md,
// section 9) plays it here, in the same sandbox (engine/sandbox/script_sandbox.h: no files, an instruction
// budget per call, a memory cap), fed from what the seat receives: on_start() once joined,
// on_alert / on_command / on_inject for the seat's events, on_tick(t) every 900 simulated seconds;
// bd.view(), bd.alerts(), bd.hosts(), bd.host(id), bd.services(), bd.service(id) read the seat's
// latest view; bd.now() and bd.seat(); bd.log / print write to stderr.
// One difference: bd.post sends the command to the server and returns true at once (it cannot be
// checked before the server answers); a refusal is logged when the answer comes, and on_refused(ack)
// is called if the policy defines it.
#pragma once
#include "client.h"

#include <memory>
#include <string>

namespace bd::net {

class PolicyHost {
public:
    explicit PolicyHost(Client& client);
    ~PolicyHost();
    PolicyHost(const PolicyHost&) = delete;
    PolicyHost& operator=(const PolicyHost&) = delete;

    // Reads and compiles the file (text only, at most 1 MiB) and runs its main chunk. False and a
    // reason (file, line) when it cannot.
    bool Load(const std::string& path, std::string& error);
    // Feeds what arrived since the last call (events, answers, the clock). Call after Client::Poll.
    void Step();
    // False once the policy failed (budget, memory, error): `failure` says why; the seat goes on
    // without it.
    bool enabled() const;
    const std::string& failure() const;
    int posted() const;
    // Posts the server refused (a refusal is still a post: posted() counts it too).
    int refused() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace bd::net
