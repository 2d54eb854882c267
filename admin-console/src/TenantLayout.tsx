'use client';
import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import DashboardIcon from '@mui/icons-material/Dashboard';
import PointOfSaleIcon from '@mui/icons-material/PointOfSale';
import PaletteIcon from '@mui/icons-material/Palette';
import ExtensionIcon from '@mui/icons-material/Extension';
import AssessmentIcon from '@mui/icons-material/Assessment';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import DocumentScannerIcon from '@mui/icons-material/DocumentScanner';
import { AppBar, Layout, Logout, Menu, TitlePortal, UserMenu, useGetIdentity, usePermissions, useResourceDefinitions } from 'react-admin';
import { canOpen, type Screen } from './auth/roles';
import { useRegisterKinds } from './screens/registers';
import type { Branding } from './theme/branding';

/** Named after the signed-in user, so its accessible name matches what it shows (react-admin's says "Profile"). */
function NamedUserMenu() {
  const { data } = useGetIdentity();
  return (
    <UserMenu label={data?.fullName ?? 'Profile'}>
      <Logout />
    </UserMenu>
  );
}

function BrandedAppBar({ branding }: { branding: Branding }) {
  return (
    <AppBar color="primary" userMenu={<NamedUserMenu />}>
      {branding.logoUrl && <Box component="img" src={branding.logoUrl} alt="" sx={{ height: 32, mr: 1 }} />}
      <Typography variant="h6" component="span" sx={{ mr: 2 }} data-testid="brand-name">
        {branding.name}
      </Typography>
      <TitlePortal />
    </AppBar>
  );
}

/** Only the screens the user's roles can use: a cashier never sees Users, Plugins or the audit log. */
function RoleMenu() {
  const { permissions } = usePermissions<string[]>();
  const resources = useResourceDefinitions();
  const registers = useRegisterKinds(canOpen('registers', permissions));
  return (
    <Menu>
      <Menu.Item to="/" primaryText="Dashboard" leftIcon={<DashboardIcon />} />
      {canOpen('pos', permissions) && <Menu.Item to="/pos" primaryText="Point of sale" leftIcon={<PointOfSaleIcon />} />}
      {Object.keys(resources)
        .filter((name) => canOpen(name as Screen, permissions))
        .map((name) => (
          <Menu.ResourceItem key={name} name={name} />
        ))}
      {canOpen('stock-alerts', permissions) && (
        <Menu.Item to="/stock-alerts" primaryText="Stock alerts" leftIcon={<NotificationsActiveIcon />} />
      )}
      {canOpen('prescriptions/upload', permissions) && (
        <Menu.Item to="/prescriptions/create" primaryText="Upload prescription" leftIcon={<DocumentScannerIcon />} />
      )}
      {canOpen('registers', permissions) &&
        registers?.map((register) => (
          <Menu.Item key={register.id} to={`/registers/${register.id}`} primaryText={register.name} leftIcon={<MenuBookIcon />} />
        ))}
      {canOpen('products/import', permissions) && (
        <Menu.Item to="/products/import" primaryText="Import products" leftIcon={<UploadFileIcon />} />
      )}
      {canOpen('reports', permissions) && <Menu.Item to="/reports/daily-sales" primaryText="Daily sales" leftIcon={<AssessmentIcon />} />}
      {canOpen('plugins', permissions) && <Menu.Item to="/plugins" primaryText="Plugins" leftIcon={<ExtensionIcon />} />}
      {canOpen('branding', permissions) && <Menu.Item to="/branding" primaryText="Branding" leftIcon={<PaletteIcon />} />}
    </Menu>
  );
}

export function TenantLayout({ children, branding }: { children: ReactNode; branding: Branding }) {
  return (
    <Layout appBar={() => <BrandedAppBar branding={branding} />} menu={RoleMenu}>
      {children}
    </Layout>
  );
}
