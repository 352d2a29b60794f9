// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title DSP token
/// @notice The ERC-20 in which DSP charges storage fees, takes node pledges, pays proof rewards and
/// settles download payments. Permit (EIP-2612) lets a client approve and store a file in one step.
/// @dev Supply is minted by MINTER_ROLE (the devnet faucet, or governance on a testnet); there is
/// no protocol inflation: every reward a node earns was first escrowed by a file owner.
contract DSPToken is ERC20, ERC20Permit, AccessControl {
    /// @notice Role allowed to mint new tokens.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin receives DEFAULT_ADMIN_ROLE and MINTER_ROLE
    /// @param initialSupply minted to `admin`
    constructor(address admin, uint256 initialSupply) ERC20("DSP Token", "DSP") ERC20Permit("DSP Token") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _mint(admin, initialSupply);
    }

    /// @notice Mints `amount` tokens to `to`.
    /// @dev Emits ERC-20 Transfer(0, to, amount). Reverts AccessControlUnauthorizedAccount without MINTER_ROLE.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }
}
