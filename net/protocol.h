// protocol.h: what crosses the network between `breachdrill serve` and its seats (docs/protocol.md).
//
// Every message is one ZeroMQ frame holding one JSON object with "v" (the protocol version, 1) and
// "type". Seats talk to the server over a DEALER socket, the server answers on a ROUTER socket, and
// both ends encrypt with CURVE: a seat knows the server's public key from its join code, so no one
// on the network can read the exercise or pose as the server; the server knows a seat by the secret
// part of its code, sent only inside the encrypted channel.
//
// A join code reads "SECRET.SERVERKEY": SECRET is 4 groups of 5 letters/digits (base32, ~100 bits),
// SERVERKEY the server's CURVE public key in Z85 (40 characters).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd::net {

constexpr int kProtocolVersion = 1;
constexpr const char* kCodesFormat = "breachdrill-codes/1";
// The largest message a seat may send the server (ZMQ_MAXMSGSIZE): a command is far smaller.
constexpr int64_t kMaxClientMessage = 64 * 1024;
// The largest free text (message, note, reason) a seat may send in one command.
constexpr size_t kMaxCommandText = 4000;

struct JoinCode {
    std::string secret;     // "k7qm2-9xd4p-..."
    std::string server_key; // Z85, 40 characters
};
// Splits a join code; false and a reason a person understands when it is not one.
bool ParseJoinCode(const std::string& code, JoinCode& out, std::string& error);
std::string FormatJoinCode(const JoinCode& code);

// A CURVE key pair in Z85 (40 characters each).
struct KeyPair {
    std::string public_key, secret_key;
};
bool NewKeyPair(KeyPair& out, std::string& error);
// The public key of a Z85 secret key (false if it is not one).
bool PublicKeyOf(const std::string& secret_key, std::string& public_key);
// Random secret for a join code, from the operating system's generator.
std::string NewSecret();
// 16 random hex digits (a seat's session id).
std::string NewSessionId();

// One seat of an exercise, as the codes file lists it.
struct SeatCode {
    std::string seat; // "facilitator", "itops-1", "secops-2"
    std::string team; // "facilitator", "itops", "secops"
    std::string code; // the whole join code
};
// The codes file `serve --codes FILE` writes (mode 0600: the facilitator's eyes only).
struct CodesFile {
    std::string scenario;
    std::string endpoint; // where the server listened, for the facilitator
    KeyPair server;
    std::vector<SeatCode> seats;
};
// A new set: the server's keys and one code per seat (the facilitator, then itops-1.., secops-1..).
bool NewCodes(int seats_per_team, CodesFile& out, std::string& error);
// Writes the file with mode 0600 (replacing it, and tightening its mode if it had another).
bool WriteCodesFile(const std::string& path, const CodesFile& codes, std::string& error);
// Reads a codes file (serve --resume reuses the codes so seats can reconnect). Errors name the file.
bool ReadCodesFile(const std::string& path, CodesFile& out, std::string& error);

// "host:port" -> "tcp://host:port"; false with a reason when it is not that.
bool ParseHostPort(const std::string& host_port, std::string& endpoint, std::string& error);

// A message: {"v":1,"type":type, ...fields}.
nlohmann::json Message(const char* type, nlohmann::json fields = nlohmann::json::object());
// Parses one received frame; nothing when it is not a JSON object of this protocol version
// (`error` says why).
std::optional<nlohmann::json> ParseMessage(const void* data, size_t size, std::string& error);

} // namespace bd::net
