#include "commands.h"

#include <type_traits>

namespace rotaplan {

namespace {

// Each command's name beside its type, whatever their order in Command: a
// command added without a name here does not compile (command_name).
template <class C>
constexpr const char* kCommandName = nullptr;
template <> constexpr const char* kCommandName<CreateRotation> = "CreateRotation";
template <> constexpr const char* kCommandName<RenameRotation> = "RenameRotation";
template <> constexpr const char* kCommandName<DeleteRotation> = "DeleteRotation";
template <> constexpr const char* kCommandName<AddLegs> = "AddLegs";
template <> constexpr const char* kCommandName<MoveLegs> = "MoveLegs";
template <> constexpr const char* kCommandName<RetimeLegs> = "RetimeLegs";
template <> constexpr const char* kCommandName<DeleteLegs> = "DeleteLegs";
template <> constexpr const char* kCommandName<AmendLegs> = "AmendLegs";
template <> constexpr const char* kCommandName<RegisterAirplane> = "RegisterAirplane";
template <> constexpr const char* kCommandName<UpdateAirplane> = "UpdateAirplane";
template <> constexpr const char* kCommandName<RemoveAirplane> = "RemoveAirplane";
template <> constexpr const char* kCommandName<AssignAirplane> = "AssignAirplane";
template <> constexpr const char* kCommandName<UnassignAirplane> = "UnassignAirplane";
template <> constexpr const char* kCommandName<DefineAirport> = "DefineAirport";
template <> constexpr const char* kCommandName<SetAirportMinimumGroundTime> = "SetAirportMinimumGroundTime";
template <> constexpr const char* kCommandName<RecordImport> = "RecordImport";
template <> constexpr const char* kCommandName<CreateScenario> = "CreateScenario";
template <> constexpr const char* kCommandName<RenameScenario> = "RenameScenario";
template <> constexpr const char* kCommandName<DeleteScenario> = "DeleteScenario";
template <> constexpr const char* kCommandName<RecordRebase> = "RecordRebase";
template <> constexpr const char* kCommandName<RecordPromotion> = "RecordPromotion";

}  // namespace

const char* command_name(const Command& c) {
    return std::visit(
        [](const auto& command) {
            using C = std::decay_t<decltype(command)>;
            static_assert(kCommandName<C> != nullptr, "every command has its name in kCommandName");
            return kCommandName<C>;
        },
        c);
}

bool registry_command(const Command& c) {
    return std::holds_alternative<CreateScenario>(c) || std::holds_alternative<RenameScenario>(c) ||
           std::holds_alternative<DeleteScenario>(c) || std::holds_alternative<RecordRebase>(c) ||
           std::holds_alternative<RecordPromotion>(c);
}

}  // namespace rotaplan
