#include "storage/eventstore/snapshots.h"

#include <cstring>
#include <type_traits>

namespace rotaplan::storage {

namespace {

static_assert(std::is_trivially_copyable_v<Leg>, "rotation snapshots copy legs as raw bytes");
constexpr std::int64_t kFormat = 1'000'000 + sizeof(Leg);

struct Header {
    std::uint64_t id_hi, id_lo;
    std::uint32_t name_size;
    std::uint32_t leg_count;
    std::uint8_t exists, deleted;
};

}  // namespace

std::optional<RotationSnapshot> load_rotation_snapshot(Database& db, std::string_view stream) {
    auto q = db.prepare("SELECT version, format, state FROM snapshots WHERE stream = ?");
    q.bind(1, stream);
    if (!q.step() || q.int64(1) != kFormat) return std::nullopt;
    auto blob = q.blob(2);
    Header h;
    if (blob.size() < sizeof h) return std::nullopt;
    std::memcpy(&h, blob.data(), sizeof h);
    if (blob.size() != sizeof h + h.name_size + std::size_t{h.leg_count} * sizeof(Leg)) return std::nullopt;
    RotationSnapshot s;
    s.version = q.int64(0);
    s.state.exists = h.exists;
    s.state.deleted = h.deleted;
    s.state.id = RotationId{Uuid{h.id_hi, h.id_lo}};
    s.state.name.assign(blob.data() + sizeof h, h.name_size);
    s.state.legs.resize(h.leg_count);
    std::memcpy(s.state.legs.data(), blob.data() + sizeof h + h.name_size, h.leg_count * sizeof(Leg));
    return s;
}

void save_rotation_snapshot(Database& db, std::string_view stream, std::int64_t version, const rotation::State& st) {
    Header h{};
    h.id_hi = st.id.value.hi;
    h.id_lo = st.id.value.lo;
    h.name_size = std::uint32_t(st.name.size());
    h.leg_count = std::uint32_t(st.legs.size());
    h.exists = st.exists;
    h.deleted = st.deleted;
    std::string blob(sizeof h + st.name.size() + st.legs.size() * sizeof(Leg), '\0');
    std::memcpy(blob.data(), &h, sizeof h);
    std::memcpy(blob.data() + sizeof h, st.name.data(), st.name.size());
    std::memcpy(blob.data() + sizeof h + st.name.size(), st.legs.data(), st.legs.size() * sizeof(Leg));
    auto q = db.prepare("INSERT OR REPLACE INTO snapshots (stream, version, format, state) VALUES (?, ?, ?, ?)");
    q.bind(1, stream).bind(2, version).bind(3, kFormat).bind_blob(4, blob.data(), blob.size());
    q.run();
}

}  // namespace rotaplan::storage
