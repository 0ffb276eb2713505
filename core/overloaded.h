// The usual visitor helper for std::visit over our event and command variants.
#pragma once

namespace rotaplan {
template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;
}  // namespace rotaplan
