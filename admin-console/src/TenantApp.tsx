'use client';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Box } from '@mui/material';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { Route } from 'react-router-dom';
import { ApiContext } from './api-context';
import { withFieldErrors } from './form-errors';
import { apiClient } from './auth/api-client';
import { LoginPage, SIGNED_OUT_REASON } from './auth/LoginPage';
import { RequireRole } from './auth/RequireRole';
import { sessionStore } from './auth/session';
import { tenantAuthProvider } from './auth/tenant-auth-provider';
import { TenantLayout } from './TenantLayout';
import { brandTheme, loadBranding, type Branding } from './theme/branding';
import { lazyScreen } from './lazy-screen';

const PosPage = lazyScreen(() => import('./pos/PosPage'), 'PosPage');
const CashSessionCreate = lazyScreen(() => import('./screens/cash-drawer'), 'CashSessionCreate');
const storeOperations = () => import('./screens/store-operations');
const CashSessionList = lazyScreen(storeOperations, 'CashSessionList');
const MovementList = lazyScreen(storeOperations, 'MovementList');
const ReturnList = lazyScreen(storeOperations, 'ReturnList');
const TransferList = lazyScreen(storeOperations, 'TransferList');
const stockForms = () => import('./screens/stock-forms');
const StockAdjustPage = lazyScreen(stockForms, 'StockAdjustPage');
const TransferCreate = lazyScreen(stockForms, 'TransferCreate');
const TransferShow = lazyScreen(stockForms, 'TransferShow');
const StockAlerts = lazyScreen(() => import('./screens/StockAlerts'), 'StockAlerts');
const purchasing = () => import('./screens/purchasing');
const PurchaseOrderList = lazyScreen(purchasing, 'PurchaseOrderList');
const SupplierList = lazyScreen(purchasing, 'SupplierList');
const SupplierReturnList = lazyScreen(purchasing, 'SupplierReturnList');
const PurchaseOrderShow = lazyScreen(() => import('./screens/purchase-order-detail'), 'PurchaseOrderShow');
const purchasingForms = () => import('./screens/purchasing-forms');
const GoodsReceiptPage = lazyScreen(purchasingForms, 'GoodsReceiptPage');
const PurchaseOrderCreate = lazyScreen(purchasingForms, 'PurchaseOrderCreate');
const SupplierCreate = lazyScreen(purchasingForms, 'SupplierCreate');
const SupplierEdit = lazyScreen(purchasingForms, 'SupplierEdit');
const SupplierInvoicePage = lazyScreen(purchasingForms, 'SupplierInvoicePage');
const customerReturns = () => import('./screens/customer-returns');
const ReturnShow = lazyScreen(customerReturns, 'ReturnShow');
const SaleReturnPage = lazyScreen(customerReturns, 'SaleReturnPage');
const SupplierReturnCreate = lazyScreen(() => import('./screens/supplier-returns'), 'SupplierReturnCreate');
const BrandingEditor = lazyScreen(() => import('./screens/BrandingEditor'), 'BrandingEditor');
const DailySalesReport = lazyScreen(() => import('./screens/DailySalesReport'), 'DailySalesReport');
const Dashboard = lazyScreen(() => import('./screens/Dashboard'), 'Dashboard');
const PluginsPage = lazyScreen(() => import('./screens/PluginsPage'), 'PluginsPage');
const ProductImport = lazyScreen(() => import('./screens/ProductImport'), 'ProductImport');
const catalogForms = () => import('./screens/catalog-forms');
const ProductCreate = lazyScreen(catalogForms, 'ProductCreate');
const ProductEdit = lazyScreen(catalogForms, 'ProductEdit');
const StoreCreate = lazyScreen(catalogForms, 'StoreCreate');
const StoreEdit = lazyScreen(catalogForms, 'StoreEdit');
const UserCreate = lazyScreen(catalogForms, 'UserCreate');
const UserEdit = lazyScreen(catalogForms, 'UserEdit');
const prescriptions = () => import('./screens/prescriptions');
const PrescriptionQueue = lazyScreen(prescriptions, 'PrescriptionQueue');
const PrescriptionReview = lazyScreen(prescriptions, 'PrescriptionReview');
const PrescriptionUpload = lazyScreen(prescriptions, 'PrescriptionUpload');
const RegisterPage = lazyScreen(() => import('./screens/registers'), 'RegisterPage');
const resources = () => import('./screens/resources');
const AuditLogList = lazyScreen(resources, 'AuditLogList');
const ProductList = lazyScreen(resources, 'ProductList');
const SaleList = lazyScreen(resources, 'SaleList');
const SaleShow = lazyScreen(resources, 'SaleShow');
const StockList = lazyScreen(resources, 'StockList');
const StoreList = lazyScreen(resources, 'StoreList');
const UserList = lazyScreen(resources, 'UserList');

/** One chain's back office: its branding, its session, and the API with its X-Tenant on every call. */
export function TenantApp({ slug }: { slug: string }) {
  const [branding, setBranding] = useState<Branding | undefined>();
  const [error, setError] = useState<string | undefined>();

  const { api, authProvider, dataProvider, store } = useMemo(() => {
    const store = sessionStore(`dawa:tenant:${slug}:session`);
    const api = apiClient({
      authBase: '/api/v1',
      store,
      headers: { 'X-Tenant': slug },
      // Refresh reuse means a stolen token: the API revoked every session of the family, so sign out here too.
      onSessionEnded: (reason) => {
        if (reason === 'reused') sessionStorage.setItem(SIGNED_OUT_REASON, 'Your session was ended for safety. Sign in again.');
        window.location.hash = '#/login';
      },
    });
    return {
      api,
      store,
      authProvider: tenantAuthProvider(slug, store, api),
      dataProvider: simpleRestProvider('/api/v1', withFieldErrors(api.fetchJson)),
    };
  }, [slug]);

  useEffect(() => {
    loadBranding(slug).then(setBranding, (e: Error) => setError(e.message));
    // Another tab signing out (or losing its session to reuse detection) signs this one out too.
    const onStorage = (event: StorageEvent) => {
      if (event.key === store.key && !event.newValue) window.location.hash = '#/login';
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [slug, store]);

  useEffect(() => {
    if (branding) document.title = `${branding.name} · back office`;
  }, [branding]);

  // Stable component types (and theme): an inline arrow would be a new component on every render, remounting the page under it.
  const { theme, loginPage, layout } = useMemo(
    () =>
      branding
        ? {
            theme: brandTheme(branding),
            loginPage: () => <LoginPage branding={branding} subtitle="Back office sign-in" />,
            layout: ({ children }: { children: ReactNode }) => <TenantLayout branding={branding}>{children}</TenantLayout>,
          }
        : {},
    [branding],
  );

  if (error)
    return (
      <Box sx={{ p: 4 }}>
        <Alert severity="error">{error}</Alert>
      </Box>
    );
  if (!branding) return null;

  return (
    <ApiContext.Provider value={api}>
      <Admin
        title={branding.name}
        theme={theme}
        authProvider={authProvider}
        dataProvider={dataProvider}
        dashboard={Dashboard}
        loginPage={loginPage}
        layout={layout}
        requireAuth
        disableTelemetry
      >
        <Resource name="products" list={ProductList} create={ProductCreate} edit={ProductEdit} recordRepresentation="name" />
        <Resource
          name="prescriptions"
          list={PrescriptionQueue}
          show={PrescriptionReview}
          create={PrescriptionUpload}
          options={{ label: 'Prescription queue' }}
        />
        <Resource name="stock" list={StockList} options={{ label: 'Stock by batch' }} />
        <Resource name="sales" list={SaleList} show={SaleShow} recordRepresentation="invoiceNo">
          <Route path=":id/return" element={<SaleReturnPage />} />
        </Resource>
        <Resource name="stock/movements" list={MovementList} options={{ label: 'Stock movements' }} />
        <Resource name="stock/transfers" list={TransferList} show={TransferShow} create={TransferCreate} options={{ label: 'Transfers' }} />
        <Resource name="returns" list={ReturnList} show={ReturnShow} options={{ label: 'Returns' }} recordRepresentation="creditNoteNo" />
        <Resource name="cash-sessions" list={CashSessionList} create={CashSessionCreate} options={{ label: 'Cash drawer' }} />
        <Resource
          name="purchase-orders"
          list={PurchaseOrderList}
          show={PurchaseOrderShow}
          create={PurchaseOrderCreate}
          options={{ label: 'Purchase orders' }}
          recordRepresentation="poNumber"
        >
          <Route path=":id/receive" element={<GoodsReceiptPage />} />
          <Route path=":id/invoice" element={<SupplierInvoicePage />} />
        </Resource>
        <Resource name="suppliers" list={SupplierList} create={SupplierCreate} edit={SupplierEdit} recordRepresentation="name" />
        <Resource name="supplier-returns" list={SupplierReturnList} create={SupplierReturnCreate} options={{ label: 'Supplier returns' }} />
        <Resource name="stores" list={StoreList} create={StoreCreate} edit={StoreEdit} recordRepresentation="name" />
        <Resource name="users" list={UserList} create={UserCreate} edit={UserEdit} recordRepresentation="name" />
        <Resource name="audit-logs" list={AuditLogList} options={{ label: 'Audit log' }} />
        <CustomRoutes>
          <Route
            path="/pos"
            element={
              <RequireRole screen="pos">
                <PosPage />
              </RequireRole>
            }
          />
          <Route
            path="/stock-alerts"
            element={
              <RequireRole screen="stock-alerts">
                <StockAlerts />
              </RequireRole>
            }
          />
          <Route
            path="/adjust-stock"
            element={
              <RequireRole screen="stock-adjustment">
                <StockAdjustPage />
              </RequireRole>
            }
          />
          <Route
            path="/registers/:kind"
            element={
              <RequireRole screen="registers">
                <RegisterPage />
              </RequireRole>
            }
          />
          <Route
            path="/reports/daily-sales"
            element={
              <RequireRole screen="reports">
                <DailySalesReport />
              </RequireRole>
            }
          />
          <Route
            path="/products/import"
            element={
              <RequireRole screen="products/import">
                <ProductImport />
              </RequireRole>
            }
          />
          <Route
            path="/plugins"
            element={
              <RequireRole screen="plugins">
                <PluginsPage />
              </RequireRole>
            }
          />
          <Route
            path="/branding"
            element={
              <RequireRole screen="branding">
                <BrandingEditor branding={branding} onSaved={setBranding} />
              </RequireRole>
            }
          />
        </CustomRoutes>
      </Admin>
    </ApiContext.Provider>
  );
}
