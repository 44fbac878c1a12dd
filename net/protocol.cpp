// protocol.cpp: join codes, keys, the codes file and message framing (see protocol.h).
#include "protocol.h"

#include <zmq.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace bd::net {

using nlohmann::json;

namespace {
constexpr const char* kBase32 = "abcdefghijkmnpqrstuvwxyz23456789"; // no l, o, 0, 1: read aloud safely

bool IsZ85Key(const std::string& k)
{
    if (k.size() != 40) return false;
    uint8_t raw[32];
    return zmq_z85_decode(raw, k.c_str()) != nullptr;
}
} // namespace

std::string NewSecret()
{
    std::random_device rd; // the OS generator (getrandom / /dev/urandom)
    std::string s;
    for (int g = 0; g < 4; ++g) {
        if (g) s += '-';
        for (int i = 0; i < 5; ++i) s += kBase32[rd() % 32];
    }
    return s;
}

std::string NewSessionId()
{
    std::random_device rd;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%08x%08x", (unsigned)rd(), (unsigned)rd());
    return buf;
}

bool ParseJoinCode(const std::string& code, JoinCode& out, std::string& error)
{
    const size_t dot = code.find('.');
    if (dot == std::string::npos || dot == 0) {
        error = "this is not a join code: a code looks like abcde-fghij-kmnpq-rstuv.<40 characters>; copy it whole from the facilitator";
        return false;
    }
    out.secret = code.substr(0, dot);
    out.server_key = code.substr(dot + 1);
    for (char c : out.secret)
        if (c != '-' && !std::strchr(kBase32, c)) {
            error = "this join code's first part has a character that no code has ('" + std::string(1, c) + "'): copy it again";
            return false;
        }
    if (!IsZ85Key(out.server_key)) {
        error = "this join code is cut or changed (its second part, the server's key, must be 40 characters): copy it whole again";
        return false;
    }
    return true;
}

std::string FormatJoinCode(const JoinCode& code) { return code.secret + "." + code.server_key; }

bool NewKeyPair(KeyPair& out, std::string& error)
{
    if (!zmq_has("curve")) {
        error = "this ZeroMQ library was built without CURVE encryption (libsodium): install Debian's libzmq5";
        return false;
    }
    char pub[41], sec[41];
    if (zmq_curve_keypair(pub, sec) != 0) {
        error = std::string("could not make a key pair: ") + zmq_strerror(zmq_errno());
        return false;
    }
    out.public_key = pub;
    out.secret_key = sec;
    return true;
}

bool PublicKeyOf(const std::string& secret_key, std::string& public_key)
{
    if (!IsZ85Key(secret_key)) return false;
    char pub[41];
    if (zmq_curve_public(pub, secret_key.c_str()) != 0) return false;
    public_key = pub;
    return true;
}

bool NewCodes(int seats_per_team, CodesFile& out, std::string& error)
{
    if (!NewKeyPair(out.server, error)) return false;
    out.seats.clear();
    auto add = [&](const std::string& seat, const char* team) {
        out.seats.push_back({seat, team, FormatJoinCode({NewSecret(), out.server.public_key})});
    };
    add("facilitator", "facilitator");
    for (const char* team : {"itops", "secops"})
        for (int i = 1; i <= seats_per_team; ++i) add(std::string(team) + "-" + std::to_string(i), team);
    return true;
}

bool WriteCodesFile(const std::string& path, const CodesFile& codes, std::string& error)
{
    json seats = json::array();
    for (const auto& s : codes.seats) seats.push_back({{"seat", s.seat}, {"team", s.team}, {"code", s.code}});
    const json j = {{"format", kCodesFormat},
                    {"note", "Join codes of one exercise. Give each player only their own code; keep this file to yourself."},
                    {"scenario", codes.scenario},
                    {"endpoint", codes.endpoint},
                    {"server_public_key", codes.server.public_key},
                    {"server_secret_key", codes.server.secret_key},
                    {"seats", seats}};
    const std::string text = j.dump(2) + "\n";
    // Created 0600; an existing file is tightened to 0600 before anything is written into it.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = path + ": cannot write the codes file: " + std::strerror(errno);
        return false;
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    size_t done = 0;
    while (ok && done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) ok = false;
        else done += (size_t)n;
    }
    if (::close(fd) != 0) ok = false;
    if (!ok) error = path + ": cannot write the codes file: " + std::strerror(errno);
    return ok;
}

bool ReadCodesFile(const std::string& path, CodesFile& out, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read the codes file: " + std::strerror(errno);
        return false;
    }
    std::string text(1024 * 1024 + 1, '\0');
    in.read(text.data(), (std::streamsize)text.size());
    text.resize((size_t)in.gcount());
    if (text.size() > 1024 * 1024) {
        error = path + ": not a codes file (larger than 1 MiB)";
        return false;
    }
    const json j = json::parse(text, nullptr, false);
    auto bad = [&](const std::string& what) {
        error = path + ": not a codes file written by `breachdrill serve`: " + what;
        return false;
    };
    if (!j.is_object() || j.value("format", "") != kCodesFormat) return bad("its \"format\" is not \"" + std::string(kCodesFormat) + "\"");
    if (!j.contains("server_secret_key") || !j["server_secret_key"].is_string()) return bad("no server_secret_key");
    out.server.secret_key = j["server_secret_key"].get<std::string>();
    if (!PublicKeyOf(out.server.secret_key, out.server.public_key)) return bad("server_secret_key is not a CURVE key");
    out.scenario = j.value("scenario", "");
    out.endpoint = j.value("endpoint", "");
    out.seats.clear();
    if (!j.contains("seats") || !j["seats"].is_array()) return bad("no seats list");
    for (const auto& s : j["seats"]) {
        if (!s.is_object() || !s.contains("code") || !s["code"].is_string()) return bad("a seat without a code");
        SeatCode sc{s.value("seat", ""), s.value("team", ""), s["code"].get<std::string>()};
        JoinCode jc;
        std::string why;
        if (!ParseJoinCode(sc.code, jc, why)) return bad("seat " + sc.seat + ": " + why);
        if (jc.server_key != out.server.public_key) return bad("seat " + sc.seat + "'s code names another server's key");
        if (sc.team != "facilitator" && sc.team != "itops" && sc.team != "secops") return bad("seat " + sc.seat + " has no team");
        out.seats.push_back(std::move(sc));
    }
    return true;
}

bool ParseHostPort(const std::string& host_port, std::string& endpoint, std::string& error)
{
    const size_t colon = host_port.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= host_port.size()) {
        error = "'" + host_port + "' is not HOST:PORT (for example 192.168.1.20:7878)";
        return false;
    }
    const std::string port = host_port.substr(colon + 1);
    for (char c : port)
        if (c < '0' || c > '9') {
            error = "'" + port + "' is not a port number";
            return false;
        }
    const long p = std::strtol(port.c_str(), nullptr, 10);
    if (port.size() > 5 || p < 1 || p > 65535) {
        error = "port " + port + " is out of range (1-65535)";
        return false;
    }
    endpoint = "tcp://" + host_port;
    return true;
}

json Message(const char* type, json fields)
{
    json m = {{"v", kProtocolVersion}, {"type", type}};
    m.update(fields);
    return m;
}

std::optional<json> ParseMessage(const void* data, size_t size, std::string& error)
{
    const char* p = static_cast<const char*>(data);
    json j = json::parse(p, p + size, nullptr, false);
    if (!j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    const auto v = j.find("v");
    if (v == j.end() || !v->is_number_integer() || v->get<int>() != kProtocolVersion) {
        error = "protocol version " + (v == j.end() ? std::string("missing") : v->dump()) + ", this program speaks " +
                std::to_string(kProtocolVersion) + ": use the same Breachdrill version on every seat";
        return std::nullopt;
    }
    if (!j.contains("type") || !j["type"].is_string()) {
        error = "no message type";
        return std::nullopt;
    }
    return j;
}

} // namespace bd::net
