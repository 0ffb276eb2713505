#include "storage/imports/ssim_files.h"

#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <unordered_set>

#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"

namespace rotaplan::storage {

namespace {

std::string lines_list(const std::vector<int>& lines, std::size_t shown) {
    std::string out;
    for (std::size_t k = 0; k < lines.size() && k < shown; ++k) {
        bool last = k + 1 == lines.size();
        out += (k == 0 ? "" : last ? " and " : ", ") + std::to_string(lines[k]);
    }
    if (lines.size() > shown) out += " and " + std::to_string(lines.size() - shown) + " more";
    return out;
}

// "3 flight designators are used by more than one leg (lines 40 and 41; 50 and 61, ...): see validate"
std::string shared_report(const PreparedSsim& p) {
    std::vector<std::vector<int>> line_sets;
    for (const auto& g : p.shared) {
        std::vector<int> lines;
        for (std::uint32_t k : g.legs) lines.push_back(p.file.legs[p.legs[k].record].line);
        std::sort(lines.begin(), lines.end());
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
        if (std::find(line_sets.begin(), line_sets.end(), lines) == line_sets.end()) line_sets.push_back(std::move(lines));
    }
    std::string sets;
    for (std::size_t k = 0; k < line_sets.size() && k < 3; ++k) sets += (k ? "; " : "lines ") + lines_list(line_sets[k], 4);
    if (line_sets.size() > 3) sets += "; ...";
    std::size_t n = p.shared.size();
    return std::to_string(n) + (n == 1 ? " flight designator is" : " flight designators are") +
           " used by more than one leg (" + sets + "): see validate";
}

// Each chain of linked legs a rotation, named after its first leg, placed as a
// rotation file's lines would place it (with each leg's STD: designators may be shared).
void rotations_from_onward(PreparedSsim& out) {
    out.onward = ssim::follow_onward(out.file, out.legs);
    for (auto* list : {&out.onward->unresolved_problems, &out.onward->refused_problems})
        for (auto& p : *list) p.file = out.source.file;
    std::size_t placed = 0;
    for (const auto& chain : out.onward->chains) placed += chain.size();
    std::vector<files::RotationAssignment> rows(placed);
    // Names need checking only where a designator is shared (the expansion lists those).
    std::unordered_set<FlightDesignator, DesignatorHash> shared;
    for (const auto& s : out.shared) shared.insert(s.designator);
    std::set<std::string> names;
    std::size_t at = 0;
    for (const auto& chain : out.onward->chains) {
        const Leg& first = out.legs[chain.front()].leg;
        std::string name = format_designator(first.designator);
        if (shared.count(first.designator)) {
            if (!names.insert(name).second) name += " " + format_instant(first.std_utc);  // the same name twice
            names.insert(name);
        }
        for (auto k : chain) {
            files::RotationAssignment& row = rows[at++];
            row.line = out.file.legs[out.legs[k].record].line;
            row.rotation = name;
            row.leg = out.legs[k].leg.designator;
            row.std_utc = out.legs[k].leg.std_utc;
        }
    }
    out.rotations = std::move(rows);
    out.rotations_source.file = out.source.file + " (onward flights)";
    out.rotations_source.sha256 = out.source.sha256;
    for (const auto& line : onward_report(out)) out.rotations_source.notes.push_back(line);
}

}  // namespace

std::vector<std::string> onward_report(const PreparedSsim& p) {
    std::vector<std::string> out;
    if (!p.onward) return out;
    const auto& o = *p.onward;
    out.push_back(p.source.file + ": onward flights: " + std::to_string(o.named) + " dated legs name one; " +
                  std::to_string(o.resolved) + " links resolved, " + std::to_string(o.unresolved) + " unresolved, " +
                  std::to_string(o.refused) + " refused; " + std::to_string(o.chains.size()) + " rotations");
    for (const auto& problem : o.unresolved_problems) out.push_back("unresolved: " + problem.str());
    for (const auto& problem : o.refused_problems) out.push_back("refused: " + problem.str());
    return out;
}

PreparedSsim prepare_ssim(SsimFiles in) {
    PreparedSsim out;
    // The rotation file (a season's is 14 MB, 380,000 lines) is parsed on a
    // second core while this one reads and expands the SSIM file.
    files::ParseError rotations_error;  // declared first: outlives the future, whose destructor waits
    std::future<std::optional<std::vector<files::RotationAssignment>>> rotations;
    if (in.rotations_text)
        rotations = std::async(std::launch::async, [&] {
            return files::parse_rotations_csv(in.rotations.file, *in.rotations_text, rotations_error);
        });
    out.text = std::make_shared<const std::string>(std::move(in.ssim_text));
    out.source = in.ssim;
    out.rotations_source = in.rotations;
    ssim::ReadOptions options{in.ssim.file, in.lenient, in.strict};
    auto read = ssim::read(*out.text, options);
    if (read.error) {
        out.error = read.error->str();
        return out;  // ~future waits for the rotation file's parse
    }
    auto expansion = ssim::expand(read.file, options);
    if (expansion.error) {
        out.error = expansion.error->str();
        return out;
    }
    out.file = std::move(read.file);
    out.legs = std::move(expansion.legs);
    out.shared = std::move(expansion.shared);
    // The audit entry keeps every note, every record left out, and the shared designators.
    for (const auto& n : out.file.notes) out.source.notes.push_back(n.str());
    for (const auto& s : out.file.skipped) out.source.notes.push_back(s.str() + " (record left out)");
    if (!out.shared.empty()) out.source.notes.push_back(in.ssim.file + ": " + shared_report(out));
    if (in.rotations_from_onward) rotations_from_onward(out);
    if (rotations.valid()) {
        out.rotations = rotations.get();
        if (!out.rotations) out.error = rotations_error.message;
        out.rotations_source.notes.insert(out.rotations_source.notes.end(), rotations_error.notes.begin(),
                                          rotations_error.notes.end());
    }
    return out;
}

DifferenceOptions difference_options(const PreparedSsim& p, bool allow_cancel) {
    DifferenceOptions o;
    o.shared = &p.shared;
    if (!p.file.skipped.empty()) o.keep_because = "records were skipped";
    else if (p.file.incomplete && !allow_cancel)
        o.keep_because = "the file may be incomplete: " + p.file.incomplete->kind + ", line " +
                         std::to_string(p.file.incomplete->line) + "; cancelling them needs a confirmation";
    return o;
}

std::vector<std::string> notes_report(const std::vector<ssim::Problem>& notes) {
    std::vector<std::string> kinds;
    std::map<std::string, std::vector<const ssim::Problem*>> by_kind;
    for (const auto& n : notes) {
        auto& list = by_kind[n.kind];
        if (list.empty()) kinds.push_back(n.kind);
        list.push_back(&n);
    }
    std::vector<std::string> out;
    for (const auto& kind : kinds) {
        const auto& list = by_kind[kind];
        if (list.size() == 1) {
            out.push_back(list.front()->str());
            continue;
        }
        std::vector<int> lines;
        for (const auto* n : list) lines.push_back(n->line);
        out.push_back(std::to_string(list.size()) + " records: " + kind + ": lines " + lines_list(lines, 5));
    }
    return out;
}

std::vector<std::string> file_report(const PreparedSsim& p) {
    std::vector<std::string> out;
    if (!p.file.skipped.empty()) {
        out.push_back("skipped " + std::to_string(p.file.skipped.size()) +
                      (p.file.skipped.size() == 1 ? " record" : " records") + " (left out of the import):");
        for (const auto& s : p.file.skipped) out.push_back("  " + s.str());
    }
    for (auto& line : notes_report(p.file.notes)) out.push_back(std::move(line));
    if (!p.shared.empty()) out.push_back(shared_report(p));
    return out;
}

ssim::WriteInput export_input(Database& db) {
    ssim::WriteInput in;
    for_each_leg(db, [&](const Leg& l, const std::optional<RotationId>&) { in.legs.push_back(l); });
    in.templates = ssim_templates(db);
    in.airport_clocks = airport_clocks(db);
    in.created = date_of(*parse_instant(now_iso_millis().substr(0, 16) + "Z"));
    return in;
}

}  // namespace rotaplan::storage
