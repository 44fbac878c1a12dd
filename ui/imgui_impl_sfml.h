// imgui_impl_sfml.h: Dear ImGui platform backend for SFML 2.5 (window, keyboard, mouse, time).
// A thin adapter in the style of imgui's backends/imgui_impl_*: Debian's libimgui.a has no SFML
// backend, so this one is ours. Rendering is done by ImGui_ImplOpenGL2 (in libimgui.a).
//
// Implemented:
//  [X] Keyboard: io.KeysDown[] indexed by sf::Keyboard::Key, modifiers, text input (UTF-32 -> UTF-8)
//  [X] Mouse: position, five buttons, vertical and horizontal wheel
//  [X] Display size and framebuffer scale, delta time
// Missing:
//  [ ] Clipboard (ImGui's internal clipboard is used), mouse cursor shapes, gamepads
//
// Usage: call Init once after creating the window and the ImGui context; ProcessEvent for every
// SFML event; NewFrame before ImGui::NewFrame(); Shutdown before destroying the context.
// Always pair ImGui_ImplSFML_Init() with ImGui_ImplSFML_Shutdown().
#pragma once

namespace sf {
class Event;
class RenderWindow;
class Time;
} // namespace sf

bool ImGui_ImplSFML_Init(sf::RenderWindow& window);
void ImGui_ImplSFML_Shutdown();
// Returns true if ImGui wants this event (the app should not act on it too).
bool ImGui_ImplSFML_ProcessEvent(const sf::Event& event);
void ImGui_ImplSFML_NewFrame(sf::RenderWindow& window, sf::Time dt);
