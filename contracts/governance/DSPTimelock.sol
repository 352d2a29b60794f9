// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title DSP governance timelock
/// @notice Holds every GOVERNANCE_ROLE of the deployment: a parameter change is proposed, waits
/// `minDelay` blocks' worth of seconds in public, then executes. It holds no funds power: no contract
/// gives governance a way to move a node's pledge, a user's credit or an escrow (docs/fees.md lists what
/// it can change, within the bounds each contract checks).
contract DSPTimelock is TimelockController {
    /// @param minDelay seconds between proposal and execution
    /// @param proposers who may propose and cancel
    /// @param executors who may execute (address(0) in the list: anyone)
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
