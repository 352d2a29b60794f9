// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Reentrant token (test only)
/// @notice An ERC-20 that, once armed, calls back into `callbackTarget` with `callbackData` the next time that
/// contract moves tokens (a pull or a payout), and bubbles up the callback's revert. Tests use it to show that every
/// contract that pulls or pays tokens (channels, DNS fees) refuses to be re-entered.
contract ReentrantToken is ERC20 {
    /// @notice Contract to call back into when it pays out; zero when disarmed.
    address public callbackTarget;
    /// @notice Calldata of the callback.
    bytes public callbackData;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Mints freely (test token).
    /// @param to receiver
    /// @param amount tokens
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms a single callback into `target_` the next time it moves tokens.
    /// @param target_ contract to re-enter
    /// @param payload_ calldata to send it
    function arm(address target_, bytes calldata payload_) external {
        callbackTarget = target_;
        callbackData = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = callbackTarget;
        if (t != address(0) && msg.sender == t) {
            callbackTarget = address(0);
            (bool ok, bytes memory ret) = t.call(callbackData);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
