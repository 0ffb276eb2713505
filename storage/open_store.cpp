#include "storage/open_store.h"

#include "storage/projections/projections.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

Database open_store(const std::string& path, bool read_only) {
    return open_store_file(path, [](Database& db) { rebuild_projections(db); }, read_only);
}

}  // namespace rotaplan::storage
