// imgui_impl_sfml.cpp: see imgui_impl_sfml.h.
#include "imgui_impl_sfml.h"

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Window/Event.hpp>
#include <imgui.h>

static bool g_mouse_pressed[5] = {false, false, false, false, false}; // pressed since the last frame
static bool g_mouse_down[5] = {false, false, false, false, false};    // held now
// Keys as the mouse buttons: held now, and pressed since the last frame (ImGui 1.86: io.KeysDown[512]).
static constexpr int kKeys = 512;
static bool g_key_down[kKeys] = {};
static bool g_key_pressed[kKeys] = {};
static bool g_focused = true;
// The modifiers held with a key pressed since the last frame: Ctrl+Z tapped between two frames
// (Ctrl down, Z down, Z up, Ctrl up in one batch of events) is still Ctrl+Z in the frame that sees Z.
static bool g_ctrl_with_key = false, g_shift_with_key = false, g_alt_with_key = false, g_super_with_key = false;
static bool g_ctrl = false, g_shift = false, g_alt = false, g_super = false; // held now

bool ImGui_ImplSFML_Init(sf::RenderWindow& window)
{
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "imgui_impl_sfml (breachdrill)";
    io.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
    io.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
    io.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
    io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
    io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
    io.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
    io.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
    io.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
    io.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
    io.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
    io.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
    io.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::Backspace;
    io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
    io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Enter;
    io.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = sf::Keyboard::Return; // SFML has no separate keypad Enter
    io.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
    io.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
    io.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
    io.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
    io.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
    io.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;
    const auto size = window.getSize();
    io.DisplaySize = ImVec2((float)size.x, (float)size.y);
    return true;
}

void ImGui_ImplSFML_Shutdown()
{
    ImGui::GetIO().BackendPlatformName = nullptr;
}

static void AddUtf32(ImGuiIO& io, sf::Uint32 c)
{
    if (c >= 32 && c != 127) io.AddInputCharacter(c);
}

bool ImGui_ImplSFML_ProcessEvent(const sf::Event& event)
{
    ImGuiIO& io = ImGui::GetIO();
    switch (event.type) {
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased: {
        const bool down = event.type == sf::Event::KeyPressed;
        const int key = event.key.code;
        if (key >= 0 && key < kKeys) {
            g_key_down[key] = down;
            if (down) g_key_pressed[key] = true;
        }
        if (down) {
            g_ctrl_with_key |= event.key.control;
            g_shift_with_key |= event.key.shift;
            g_alt_with_key |= event.key.alt;
            g_super_with_key |= event.key.system;
        }
        io.KeyCtrl = g_ctrl = event.key.control;
        io.KeyShift = g_shift = event.key.shift;
        io.KeyAlt = g_alt = event.key.alt;
        io.KeySuper = g_super = event.key.system;
        return io.WantCaptureKeyboard;
    }
    case sf::Event::TextEntered:
        AddUtf32(io, event.text.unicode);
        return io.WantTextInput;
    case sf::Event::MouseMoved:
        io.MousePos = ImVec2((float)event.mouseMove.x, (float)event.mouseMove.y);
        return io.WantCaptureMouse;
    case sf::Event::MouseButtonPressed:
    case sf::Event::MouseButtonReleased: {
        const int b = event.mouseButton.button;
        // Where the button went down or up, even when no move came before it in this batch.
        io.MousePos = ImVec2((float)event.mouseButton.x, (float)event.mouseButton.y);
        if (b >= 0 && b < 5) {
            g_mouse_down[b] = event.type == sf::Event::MouseButtonPressed;
            if (g_mouse_down[b]) g_mouse_pressed[b] = true;
        }
        return io.WantCaptureMouse;
    }
    case sf::Event::MouseWheelScrolled:
        if (event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel) io.MouseWheel += event.mouseWheelScroll.delta;
        else io.MouseWheelH += event.mouseWheelScroll.delta;
        return io.WantCaptureMouse;
    case sf::Event::LostFocus:
        g_focused = false;
        for (int k = 0; k < kKeys; ++k) io.KeysDown[k] = g_key_down[k] = g_key_pressed[k] = false;
        io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
        g_ctrl = g_shift = g_alt = g_super = false;
        g_ctrl_with_key = g_shift_with_key = g_alt_with_key = g_super_with_key = false;
        return false;
    case sf::Event::GainedFocus:
        g_focused = true;
        return false;
    default:
        return false;
    }
}

void ImGui_ImplSFML_NewFrame(sf::RenderWindow& window, sf::Time dt)
{
    ImGuiIO& io = ImGui::GetIO();
    const auto size = window.getSize();
    io.DisplaySize = ImVec2((float)size.x, (float)size.y);
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    const float seconds = dt.asSeconds();
    io.DeltaTime = seconds > 0.0f ? seconds : 1.0f / 60.0f;
    // A click shorter than a frame still counts as a click.
    for (int i = 0; i < 5; ++i) {
        io.MouseDown[i] = g_mouse_pressed[i] || g_mouse_down[i];
        g_mouse_pressed[i] = false;
    }
    // And a key tapped between two frames (pressed and released in one batch of events, as when
    // the idle window polls 30 times a second) is down for one frame, so IsKeyPressed sees it.
    for (int k = 0; k < kKeys; ++k) {
        io.KeysDown[k] = g_key_pressed[k] || g_key_down[k];
        g_key_pressed[k] = false;
    }
    io.KeyCtrl = g_ctrl || g_ctrl_with_key;
    io.KeyShift = g_shift || g_shift_with_key;
    io.KeyAlt = g_alt || g_alt_with_key;
    io.KeySuper = g_super || g_super_with_key;
    g_ctrl_with_key = g_shift_with_key = g_alt_with_key = g_super_with_key = false;
    (void)g_focused;
}
